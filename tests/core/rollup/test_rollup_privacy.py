"""Masking of identifiers above the county."""

from __future__ import annotations

import pandas as pd

from core.privacy import is_masked, mask_frame, mask_id


def test_mask_id_keeps_first_and_last_four() -> None:
    assert mask_id("41152520150304123x") == "4115**********123X"


def test_mask_student_number_keeps_first_and_last_four() -> None:
    assert mask_id("G41152520150304123X") == "G411***********123X"


def test_mask_is_idempotent_and_leaves_other_values() -> None:
    assert mask_id("4115**********123X") == "4115**********123X"
    assert mask_id(None) is None
    assert is_masked("4115**********123X")
    assert not is_masked("41152520150304123X")


def test_mask_frame_masks_ids_and_names_and_drops_guardians_phones_addresses() -> None:
    frame = pd.DataFrame(
        {
            "name": ["张三"],
            "id_number": ["41152520150304123X"],
            "student_no": ["G41152520150304123X"],
            "guardian": ["张大山"],
            "guardian_phone": ["13812345678"],
            "address": ["城关镇1号"],
            "note": ["张三的监护人张大山说 13812345678 已停机"],
        }
    )
    assert mask_frame(frame).to_dict("records") == [
        {
            "name": "张*",
            "id_number": "4115**********123X",
            "student_no": "G411***********123X",
            "guardian": None,
            "guardian_phone": None,
            "address": None,
            "note": "张*的监护人张*山说 *********** 已停机",
        }
    ]
    assert frame.loc[0, "id_number"] == "41152520150304123X"


def test_ids_quoted_in_free_text_are_masked() -> None:
    frame = pd.DataFrame({"note": ["已转学，新身份证号 41152520150304123X，见附件", "留级一年"]})
    assert mask_frame(frame)["note"].tolist() == [
        "已转学，新身份证号 4115**********123X，见附件",
        "留级一年",
    ]
