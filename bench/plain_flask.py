"""The baseline for "app alone at least twice a plain Flask page rendering the same table".

A plain Flask app, as a first version would be written: one route that runs the same query as
/zh/funds (the newest year's annual figures of the resident fund, every region, through the
portal's own service functions) and renders the same table columns with a Jinja template on
every request. No layout, translations, security headers, rate limits, caching or compression.
bench/stack.py runs it under gunicorn with the portal's worker count, on the same database:

    DATABASE_URL=... gunicorn -w 5 --pythonpath bench plain_flask:app
"""
from __future__ import annotations

import os

from flask import Flask, render_template_string

from portal.db import make_engine
from portal.funds.models import FundType, PeriodKind
from portal.funds.services import FundFilter, annual_years, figures
from sqlalchemy.orm import Session

TABLE = """{% macro money(value) %}{{ "{:,.2f}".format(value) if value is not none else "—" }}{% endmacro %}
<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>基金收支</title></head><body>
<h1>基金收支</h1>
<table>
<caption>{{ year }} 年度各地区基金收支</caption>
<thead><tr><th>地区</th><th>基金</th><th>期间</th><th>收入（元）</th><th>支出（元）</th>
<th>当期结余（元）</th><th>累计结余（元）</th><th>可支付月数</th><th>参保人数</th><th>来源</th></tr></thead>
<tbody>
{% for figure in rows %}
<tr><th><a href="/zh/funds/{{ figure.region.code }}">{{ figure.region.name_zh }}</a></th>
<td>{{ figure.fund_type.value }}</td><td>{{ figure.year }}</td>
<td>{{ money(figure.income) }}</td><td>{{ money(figure.expenditure) }}</td>
<td>{{ money(figure.period_balance) }}</td><td>{{ money(figure.cumulative_balance) }}</td>
<td>{{ figure.months_covered if figure.months_covered is not none else "—" }}</td>
<td>{{ figure.insured_persons if figure.insured_persons is not none else "—" }}</td>
<td>{% if figure.sample_data %}样例数据{% else %}{{ figure.source_document }}{% endif %}<br>数据截至 {{ figure.data_as_of }}</td></tr>
{% endfor %}
</tbody></table></body></html>"""

app = Flask(__name__)
engine = make_engine(os.environ["DATABASE_URL"])


@app.get("/zh/funds")
def funds():
    with Session(engine) as session:
        years = annual_years(session, FundType.RESIDENT)
        year = years[0] if years else None
        rows = figures(session, FundFilter(fund_type=FundType.RESIDENT, period_kind=PeriodKind.YEAR,
                                           year=year)) if year else []
        return render_template_string(TABLE, rows=rows, year=year)
