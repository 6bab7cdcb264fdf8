"""Reading input bytes: encodings, byte-exact decode error positions, size limit, unreadable paths."""

from __future__ import annotations

import codecs
import io
import os
import sys

import pytest
from helpers import VALID

from tpscore.source import DecodeError, InputError, decode, read_bytes, read_source
from tpscore.validate import validate_file

TEXT = "name: Café ☕\nstage: 𝒜\n"

ENCODINGS = [
    pytest.param(TEXT.encode("utf-8"), id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), id="utf-32-le-bom"),
    pytest.param(codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), id="utf-32-be-bom"),
]


@pytest.mark.parametrize("data", ENCODINGS)
def test_decode_supported_encodings(data):
    assert decode(data) == TEXT  # the byte-order mark is never part of the text


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_whole_journey_validates_in_every_supported_encoding(write, encoding, bom):
    text = VALID.replace("Demo journey", "Démo ☕ journey")
    path = write(bom + text.encode(encoding))
    result = validate_file(str(path))
    assert result.problems == []
    assert result.journey.name == "Démo ☕ journey"


def test_read_source_names_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: 1\n")))
    source = read_source("-")
    assert source.name == "<stdin>"
    assert source.text == "a: 1\n"


def test_empty_bytes_decode_to_empty_text():
    assert decode(b"") == ""


@pytest.mark.parametrize("data, offset, line, column", [
    (b"\xff", 0, 1, 1),
    (b"ab\xff", 2, 1, 3),
    (b"ab\ncd\xffx", 5, 2, 3),
    (b"version: 1\njourney:\n  name: \xe9t\xe9\n", 28, 3, 9),  # latin-1 text saved as such
    (b"a: ok\r\nb: \x80\r\n", 10, 2, 4),
    (b"a\n\n\n\xc3(", 4, 4, 1),  # truncated two-byte sequence
    (b"\xef\xbb", 0, 1, 1),  # half a BOM is not a BOM
])
def test_invalid_utf8_position(data, offset, line, column):
    with pytest.raises(DecodeError) as caught:
        decode(data)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith("not UTF-8: invalid byte ")
    assert f"at byte offset {offset}" in error.message
    assert f"0x{data[offset]:02x}" in error.message
    assert "UTF-16/32 need a byte-order mark" in error.message


def test_invalid_utf8_through_validate_file_is_an_encoding_problem(write):
    path = write(b"version: 1\njourney:\n  id: d\xffmo\n")
    result = validate_file(str(path))
    assert result.journey is None
    [problem] = result.problems
    assert problem.kind == "encoding"
    assert (problem.file, problem.line, problem.column) == (str(path), 3, 8)
    assert problem.message.startswith("not UTF-8")
    assert "byte offset 27" in problem.message


def test_invalid_utf16_is_reported_as_utf16():
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert caught.value.message.startswith("not UTF-16-LE")
    assert "byte offset 6" in caught.value.message


def test_invalid_utf8_column_after_bom_counts_characters():
    with pytest.raises(DecodeError) as caught:
        decode(codecs.BOM_UTF8 + b"ab\xff")
    # The BOM is invisible in an editor: the bad byte follows 'ab', so it is at column 3.
    assert (caught.value.line, caught.value.column) == (1, 3)


def test_invalid_utf8_column_after_multibyte_character_counts_characters():
    with pytest.raises(DecodeError) as caught:
        decode("é".encode() + b"\xff")
    assert (caught.value.line, caught.value.column) == (1, 2)  # one character, 'é', precedes it


@pytest.mark.parametrize("text, line, column", [
    ("ab\ncd", 2, 3),  # reported as 2:6 (bytes since the newline)
    ("\u0a05", 1, 2),  # U+0A05 is bytes 05 0A in UTF-16-LE: reported as line 2, a newline that is not there
])
def test_invalid_utf16_position_counts_characters(text, line, column):
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_utf16_without_bom_is_not_silently_accepted(write):
    path = write(VALID.replace("Demo journey", "Démo").encode("utf-16-le"))
    result = validate_file(str(path))
    assert result.journey is None
    assert result.problems and result.problems[0].kind == "encoding"


# -- size limit and unreadable inputs ---------------------------------------------------------------


def test_read_bytes_accepts_exactly_max_bytes(write):
    path = write(b"x" * 10)
    assert read_bytes(str(path), max_bytes=10) == b"x" * 10


def test_read_bytes_refuses_more_than_max_bytes(write):
    path = write(b"x" * 11)
    with pytest.raises(InputError, match="larger than"):
        read_bytes(str(path), max_bytes=10)


def test_read_source_passes_the_limit_on(write):
    path = write(b"a: 1\n" * 100)
    with pytest.raises(InputError):
        read_source(str(path), max_bytes=64)


def test_read_bytes_limit_applies_to_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * 50)))
    with pytest.raises(InputError, match="larger than"):
        read_bytes("-", max_bytes=49)


def test_limit_message_names_mebibytes(write):
    path = write(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(InputError, match=r"larger than the 2 MiB limit"):
        read_bytes(str(path), max_bytes=2 * 1024 * 1024)


def test_missing_file_raises_input_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputError, match="no such file") as caught:
        read_bytes(str(missing))
    assert str(missing) in str(caught.value)


def test_directory_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(str(tmp_path))


def test_validate_file_lets_input_error_through(tmp_path):
    with pytest.raises(InputError):
        validate_file(str(tmp_path / "missing.yaml"))


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0,
                    reason="needs a non-root POSIX user for permission bits to matter")
def test_unreadable_file_raises_input_error(write):
    path = write(VALID)
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_bytes(str(path))
    finally:
        path.chmod(0o644)
