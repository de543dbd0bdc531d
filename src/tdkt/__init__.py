"""TĐKT: quản lý thi đua, khen thưởng."""

__version__ = "0.1.0"
