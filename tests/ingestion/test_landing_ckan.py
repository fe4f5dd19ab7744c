"""CKAN portal references (datos.gob.cl) resolve through package_show, then land as usual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.landing import LandingError, land, resolve_ckan
from ingestion.settings import SourceConfig

CONTENT = b"FOLIO;COMUNA\r\n1;Vallenar\r\n"
API = "/api/3/action/package_show?id=entregas-alimentos"


def package(server, resources: list[dict]) -> bytes:
    return json.dumps({"success": True, "result": {"resources": resources}}).encode()


def ckan_reference(server, resource: str = "Entregas 2020") -> str:
    host = server.url("").removeprefix("http://")
    return f"ckan+http://{host}/entregas-alimentos/{resource.replace(' ', '%20')}"


def test_a_ckan_reference_resolves_to_the_named_resource(http_server) -> None:
    http_server.serve(
        API,
        http_server.Reply(
            body=package(
                http_server,
                [
                    {"name": "Entregas 2019", "url": http_server.url("/files/e2019.csv")},
                    {"name": "Entregas 2020", "url": http_server.url("/files/e2020.csv")},
                ],
            )
        ),
    )

    assert resolve_ckan(ckan_reference(http_server)) == http_server.url("/files/e2020.csv")


def test_a_ckan_source_lands_the_resource_file(http_server, tmp_path: Path) -> None:
    resources = [{"name": "Entregas 2020", "url": http_server.url("/files/e2020.csv")}]
    http_server.serve(API, http_server.Reply(body=package(http_server, resources)))
    http_server.serve("/files/e2020.csv", http_server.Reply(body=CONTENT))
    config = SourceConfig("entregas", (ckan_reference(http_server),), is_demo=False)

    [landed] = land(config, tmp_path / "landing")

    assert landed.file_name == "e2020.csv"
    assert Path(landed.path).read_bytes() == CONTENT
    assert landed.location == ckan_reference(http_server)


def test_a_missing_resource_names_the_ones_there_are(http_server) -> None:
    resources = [{"name": "Entregas 2019", "url": http_server.url("/files/e2019.csv")}]
    http_server.serve(API, http_server.Reply(body=package(http_server, resources)))

    with pytest.raises(LandingError, match=r"no resource 'Entregas 2020'.*'Entregas 2019'"):
        resolve_ckan(ckan_reference(http_server))


def test_the_portal_api_is_retried_on_5xx(http_server) -> None:
    resources = [{"name": "Entregas 2020", "url": http_server.url("/files/e2020.csv")}]
    http_server.serve(
        API,
        http_server.Reply(status=503),
        http_server.Reply(body=package(http_server, resources)),
    )

    assert resolve_ckan(ckan_reference(http_server)).endswith("/files/e2020.csv")
    assert http_server.hits(API) == 2


def test_the_configured_credentials_are_sent(http_server, tmp_path: Path) -> None:
    http_server.serve("/files/e2020.csv", http_server.Reply(body=CONTENT))
    config = SourceConfig(
        "entregas", (http_server.url("/files/e2020.csv"),), is_demo=False, auth="Bearer s3creto"
    )

    land(config, tmp_path / "landing")

    assert http_server.requests[0].headers["Authorization"] == "Bearer s3creto"
