"""/api/v1/keys and ``storecheck keys list|revoke``: admins see keys (never the keys themselves)
and revoke them; a revoked key gets 401 at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storecheck.cli import main
from tests.servicekit import Keys


def key_id(client: TestClient, admin: str, prefix_of: str) -> int:
    listed = client.get("/api/v1/keys", headers={"X-API-Key": admin}).json()
    return next(k["id"] for k in listed["data"] if prefix_of.startswith(k["prefix"]))


def test_admin_lists_keys_without_secrets(app_client: TestClient, keys: Keys) -> None:
    listed = app_client.get("/api/v1/keys", headers={"X-API-Key": keys.admin})
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 5
    assert {k["role"] for k in body["data"]} == {"admin", "reviewer", "device"}
    reviewer = next(k for k in body["data"] if k["name"] == "审核员甲")
    assert reviewer["store_ids"] == ["store-a"] and reviewer["revoked_at"] is None
    assert keys.reviewer_a.startswith(reviewer["prefix"]) and len(reviewer["prefix"]) < 16
    assert keys.reviewer_a not in listed.text and "key_hash" not in listed.text


@pytest.mark.parametrize("who", ["reviewer_a", "device_a"])
def test_only_admins_manage_keys(app_client: TestClient, keys: Keys, who: str) -> None:
    headers = {"X-API-Key": getattr(keys, who)}
    assert app_client.get("/api/v1/keys", headers=headers).status_code == 403
    assert app_client.delete("/api/v1/keys/1", headers=headers).status_code == 403
    assert app_client.get("/api/v1/keys").status_code == 401


def test_a_revoked_key_gets_401(app_client: TestClient, keys: Keys) -> None:
    admin = {"X-API-Key": keys.admin}
    reviewer = {"X-API-Key": keys.reviewer_a}
    assert app_client.get("/api/v1/stores", headers=reviewer).status_code == 200
    target = key_id(app_client, keys.admin, keys.reviewer_a)
    revoked = app_client.delete(f"/api/v1/keys/{target}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    refused = app_client.get("/api/v1/stores", headers=reviewer)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    # Revoking twice keeps the first time; unknown ids are 404; an admin cannot lock itself out.
    again = app_client.delete(f"/api/v1/keys/{target}", headers=admin).json()
    assert again["revoked_at"] == revoked.json()["revoked_at"]
    assert app_client.delete("/api/v1/keys/9999", headers=admin).status_code == 404
    own = key_id(app_client, keys.admin, keys.admin)
    assert app_client.delete(f"/api/v1/keys/{own}", headers=admin).status_code == 409
    assert app_client.get("/api/v1/keys", headers=admin).status_code == 200


def test_cli_lists_and_revokes_keys(app_client: TestClient, keys: Keys, database_url: str,
                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = ["--home", str(tmp_path / "home")]
    device = key_id(app_client, keys.admin, keys.device_a)
    assert main(["keys", "list", *home]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["id", "role", "name"] and len(table) == 6
    assert any(keys.device_a[:10] in line and "store-a" in line for line in table)
    assert keys.device_a not in "\n".join(table)
    assert main(["keys", "revoke", str(device), *home]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["keys", "revoke", "9999", *home]) == 2
    assert "no key with id 9999" in capsys.readouterr().err
    upload = app_client.post("/api/v1/snapshots", headers={"X-API-Key": keys.device_a}, data={})
    assert upload.status_code == 401


def test_cli_refuses_a_reviewer_key_for_no_store(app_client: TestClient, keys: Keys, database_url: str,
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Such a key was made, accepted and saw nothing: an empty review queue, no error."""
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = ["--home", str(tmp_path / "home")]
    assert main(["keys", "create", "--role", "reviewer", *home]) == 2
    err = capsys.readouterr().err
    assert "--store" in err and "reviewer" in err
    assert len(app_client.get("/api/v1/keys", headers={"X-API-Key": keys.admin}).json()["data"]) == 5  # none added
    assert main(["keys", "create", "--role", "reviewer", "--store", "store-a", *home]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("sck_")
