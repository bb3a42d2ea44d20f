"""The suite packed into the wheel: content-addressed, verified against cases.lock, damage named."""

from __future__ import annotations

import hashlib
import json
import lzma

import pytest

from mobyspec_conformance import suitepack
from mobyspec_conformance.suitepack import SuiteDataError, pack, shipped_root, unpack

DEFAULT = b'{"ociVersion": "1.0.0"}\n'


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def checkout(tmp_path):
    """A tiny checkout: two cases whose goldens repeat, a lock, the schema exceptions."""
    root = tmp_path / "checkout"
    files = {
        "conformance/cases/linux/a.json": b'{"id": "linux/a"}\n',
        "conformance/cases/linux/b.json": b'{"id": "linux/b"}\n',
        "goldens/17.03/linux/a.json": DEFAULT,
        "goldens/17.06/linux/a.json": DEFAULT,
        "goldens/17.06/linux/b.json": b'{"error": {"code": "x"}}\n',
        "conformance/schema-exceptions.toml": b"# none\n",
    }
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    lock = {
        "format": 1,
        "cases": {
            cid: {
                "case": sha(files[f"conformance/cases/{cid}.json"]),
                "goldens": {
                    p: sha(files[f"goldens/{p}/{cid}.json"])
                    for p in ("17.03", "17.06")
                    if f"goldens/{p}/{cid}.json" in files
                },
            }
            for cid in ("linux/a", "linux/b")
        },
    }
    (root / "cases.lock").write_text(json.dumps(lock))
    files["cases.lock"] = (root / "cases.lock").read_bytes()
    return root, files


def test_pack_stores_each_content_once_and_unpacks_byte_identical(checkout, tmp_path):
    root, files = checkout
    packed = pack(root)
    head = lzma.decompress(packed).partition(b"\n")[0]
    assert len(json.loads(head)["sizes"]) == len(set(files.values()))  # the repeated golden is stored once
    unpack(packed, tmp_path / "out")
    for path, data in files.items():
        assert (tmp_path / "out" / path).read_bytes() == data, path


def test_pack_refuses_a_file_that_differs_from_the_lock(checkout):
    root, _ = checkout
    (root / "goldens/17.06/linux/b.json").write_bytes(b"{}\n")
    with pytest.raises(SuiteDataError, match=r"goldens/17.06/linux/b.json: differs from cases.lock"):
        pack(root)


def test_unpack_names_the_file_whose_bytes_are_damaged(checkout, tmp_path):
    root, _ = checkout
    stream = lzma.decompress(pack(root))
    damaged = stream.replace(b'"error"', b'"errer"')  # one blob changes, so its sha256 no longer matches
    with pytest.raises(SuiteDataError, match=r"no file with the sha256 of goldens/17.06/linux/b.json"):
        unpack(lzma.compress(damaged), tmp_path / "out")
    with pytest.raises(SuiteDataError, match="unreadable"):
        unpack(b"not xz", tmp_path / "out")


def _fake_package(tmp_path, monkeypatch, packed, fingerprint, name):
    pkg = tmp_path / "site" / name
    (pkg / "suite").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "suite" / "blobs.xz").write_bytes(packed)
    (pkg / "suite" / "SHA256").write_text(fingerprint + "\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv(suitepack.CACHE_ENV, str(tmp_path / "cache"))


def test_shipped_root_unpacks_once_into_the_cache(checkout, tmp_path, monkeypatch):
    root, files = checkout
    packed = pack(root)
    _fake_package(tmp_path, monkeypatch, packed, sha(packed), "fakesuite_ok")
    where = shipped_root("fakesuite_ok")
    assert where is not None
    assert where.parent == tmp_path / "cache"
    assert (where / "cases.lock").read_bytes() == files["cases.lock"]
    (where / "marker").write_text("kept")
    assert shipped_root("fakesuite_ok") == where
    assert (where / "marker").is_file()  # not unpacked again
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [where.name]  # no scratch folder left


def test_a_damaged_install_is_named(checkout, tmp_path, monkeypatch):
    root, _ = checkout
    packed = pack(root)
    _fake_package(tmp_path, monkeypatch, packed[:-1] + bytes([packed[-1] ^ 1]), sha(packed), "fakesuite_bad")
    with pytest.raises(SuiteDataError, match=r"damaged install: fakesuite_bad/suite/blobs.xz has sha256"):
        shipped_root("fakesuite_bad")


def test_no_pack_means_the_checkout():
    assert shipped_root("mobyspec_reference") is None
