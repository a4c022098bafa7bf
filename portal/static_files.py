"""Precompressed copies of the static files, for nginx (deploy/nginx.conf: gzip_static,
brotli_static): compressed once at release, at the highest levels, never per request."""
from __future__ import annotations

import gzip
from pathlib import Path

import brotli

COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".map", ".html"}


def _write_if_smaller(path: Path, data: bytes, original_size: int) -> bool:
    if len(data) >= original_size:
        return False
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def compress_static(folder: Path) -> int:
    """Write file.gz and file.br beside each compressible file where smaller; returns how many
    copies were written. Fonts and images are already compressed and are left alone."""
    written = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        content = path.read_bytes()
        gz = gzip.compress(content, compresslevel=9, mtime=0)
        br = brotli.compress(content, quality=11)
        written += _write_if_smaller(path.with_name(path.name + ".gz"), gz, len(content))
        written += _write_if_smaller(path.with_name(path.name + ".br"), br, len(content))
    return written
