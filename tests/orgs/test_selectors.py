"""Reads on the organisation tree."""


def test_place_name_is_the_tinh_or_xa_without_its_administrative_word(tree, settings):
    from tdkt.orgs.selectors import place_name

    settings.TDKT_PLACE_NAME = "Nơi cài đặt"
    assert [
        place_name(tree.province),
        place_name(tree.dept),
        place_name(tree.commune_a),
        place_name(tree.school_a),
        place_name(None),
    ] == ["Hòa Bình Xanh", "Hòa Bình Xanh", "An Lạc", "An Lạc", "Nơi cài đặt"]
