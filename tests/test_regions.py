import io

import pytest
from sqlalchemy import func, select

from portal.regions.models import Region, RegionLevel
from portal.regions.services import load_regions, parse_region_rows, provinces, region_by_code, subtree
from portal.text import ImportRejected

HEADER = "code,parent_code,level,name_zh,name_bo,name_en,name_bo_status\n"


def test_demo_tree_is_loaded_with_levels_and_paths(db_session):
    yanchi = region_by_code(db_session, "640323")
    assert yanchi.level is RegionLevel.COUNTY
    assert yanchi.parent.name_zh == "吴忠市"
    assert yanchi.parent.parent.name_zh == "宁夏回族自治区"
    assert yanchi.path == "/640000/640300/640323/"
    assert [p.code for p in provinces(db_session)] == ["540000", "640000"]


def test_subtree_is_the_region_and_its_descendants(db_session):
    wuzhong = region_by_code(db_session, "640300")
    assert {r.code for r in subtree(db_session, wuzhong)} == {"640300", "640323", "640381"}
    tibet = region_by_code(db_session, "540000")
    assert {r.code for r in subtree(db_session, tibet)} == {"540000", "540100", "542500", "542522"}


def test_every_error_in_a_file_is_reported_with_row_and_column():
    bad = HEADER + (
        "640000,,province,宁夏,,,draft\n"
        "64010,640000,city,银川,,,draft\n"          # five digits
        "640200,640000,town,石嘴山,,,draft\n"       # bad level
        "640300,999999,city,吴忠,,,draft\n"         # unknown parent
        "640323,640300,county,,,,maybe\n"           # no zh name, bad status
        "640000,,province,重复,,,draft\n"           # duplicate code
    )
    with pytest.raises(ImportRejected) as caught:
        parse_region_rows(io.StringIO(bad))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(2, "code"), (3, "level"), (4, "parent_code"), (5, "name_zh"),
                     (5, "name_bo_status"), (6, "code")}


def test_missing_column_is_reported():
    with pytest.raises(ImportRejected) as caught:
        parse_region_rows(io.StringIO("code,level,name_zh\n640000,province,宁夏\n"))
    assert {e.column for e in caught.value.errors} == {"parent_code", "name_bo", "name_en", "name_bo_status"}


def test_reloading_updates_by_code_without_duplicates(db_session, region_rows):
    before = db_session.scalar(select(func.count()).select_from(Region))
    load_regions(db_session, region_rows)
    assert db_session.scalar(select(func.count()).select_from(Region)) == before
    renamed = parse_region_rows(io.StringIO(HEADER + "640000,,province,宁夏回族自治区,,Ningxia,reviewed\n"))
    load_regions(db_session, renamed)
    ningxia = region_by_code(db_session, "640000")
    assert ningxia.name_en == "Ningxia" and ningxia.name_bo_reviewed


def test_name_falls_back_to_chinese(db_session):
    region = region_by_code(db_session, "640000")
    region.name_bo = ""
    assert region.name("bo") == "宁夏回族自治区"
    assert not region.has_translation("bo")
    db_session.rollback()


def test_regions_page_lists_the_tree_in_each_language(client):
    zh = client.get("/zh/regions").get_data(as_text=True)
    bo = client.get("/bo/regions").get_data(as_text=True)
    en = client.get("/en/regions").get_data(as_text=True)
    assert "盐池县" in zh and "640323" in zh
    assert "བོད་རང་སྐྱོང་ལྗོངས" in bo
    assert "Zanda County" in en
