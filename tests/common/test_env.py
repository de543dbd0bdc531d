import pytest
from django.core.exceptions import ImproperlyConfigured

from tdkt.env import env_bool, env_int, env_secret, parse_database_url


def test_env_bool_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True


def test_env_int(monkeypatch):
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.delenv("X_INT")
    assert env_int("X_INT", 7) == 7


def test_env_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "s"
    secret.write_text("abc\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "abc"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env_secret("X_SECRET")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/db.sqlite3", ("django.db.backends.sqlite3", "var/db.sqlite3")),
        ("sqlite:////srv/tdkt/db.sqlite3", ("django.db.backends.sqlite3", "/srv/tdkt/db.sqlite3")),
        ("postgres://u:p%40ss@db.local:5433/tdkt", ("django.db.backends.postgresql", "tdkt")),
    ],
)
def test_parse_database_url(url, expected):
    config = parse_database_url(url)
    assert (config["ENGINE"], config["NAME"]) == expected


def test_parse_database_url_details():
    config = parse_database_url("postgresql://u:p%40ss@db.local:5433/tdkt?sslmode=require")
    assert (
        config["USER"],
        config["PASSWORD"],
        config["HOST"],
        config["PORT"],
        config["OPTIONS"],
    ) == ("u", "p@ss", "db.local", "5433", {"sslmode": "require"})


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://"])
def test_parse_database_url_refuses(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)
