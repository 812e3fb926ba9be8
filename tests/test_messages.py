"""Messages are strings that carry a code and fields."""

from __future__ import annotations

import json
import pickle

from occlusion.messages import Message, code_of


def test_a_message_is_its_wording_with_a_code_and_fields() -> None:
    message = Message("LOP is estimated", code="plan.lop-estimated", limb="thigh")
    assert message == "LOP is estimated"
    assert json.dumps([message]) == '["LOP is estimated"]'
    assert message.code == "plan.lop-estimated"
    assert message.fields == {"limb": "thigh"}
    assert code_of(message) == "plan.lop-estimated"
    assert code_of("plain") == "note"


def test_round_trips_keep_code_and_fields() -> None:
    message = Message("x", code="c", a=1)
    for copy in (pickle.loads(pickle.dumps(message)), Message.from_dict(message.as_dict())):
        assert (str(copy), copy.code, dict(copy.fields)) == ("x", "c", {"a": 1})
    assert Message.from_dict("old").code == "note"


def test_a_prefix_keeps_the_code() -> None:
    prefixed = Message("x", code="c").with_prefix("thigh: ", limb="thigh")
    assert (prefixed, prefixed.code, prefixed.fields) == ("thigh: x", "c", {"limb": "thigh"})
