"""The catalogue: titles and forms, rating levels, legal regimes (codes of catalog.yaml)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router

from tdkt.api.schemas import HonourOut, RatingLevelOut, RegimeOut
from tdkt.catalog.models import Honour, Rating, Regime

router = Router(tags=[gettext_lazy("Danh mục")])


@router.get(
    "/honours",
    response=list[HonourOut],
    summary=gettext_lazy("Danh hiệu thi đua, hình thức khen thưởng"),
)
def list_honours(request: HttpRequest):
    return Honour.objects.order_by("order", "code")


@router.get(
    "/ratings", response=list[RatingLevelOut], summary=gettext_lazy("Mức xếp loại hằng năm")
)
def list_rating_levels(request: HttpRequest):
    return Rating.objects.order_by("-rank", "code")


@router.get("/regimes", response=list[RegimeOut], summary=gettext_lazy("Chế độ pháp lý"))
def list_regimes(request: HttpRequest):
    return Regime.objects.order_by("valid_from", "code")
