from sorter_app.domain.weights import attribute_weights


def test_units_go_to_lines_in_order() -> None:
    assert attribute_weights([("a", 2), ("b", 1)], [500, 520, 480]) == {"a": 1020, "b": 480}


def test_a_short_line_gets_what_was_put() -> None:
    assert attribute_weights([("a", 2), ("b", 2)], [500, 520, 480]) == {"a": 1020, "b": 480}
    assert attribute_weights([("a", 1)], []) == {}
