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


def test_mask_frame_masks_id_columns_only() -> None:
    frame = pd.DataFrame(
        {
            "name": ["张三"],
            "id_number": ["41152520150304123X"],
            "student_no": ["G41152520150304123X"],
        }
    )
    assert mask_frame(frame).to_dict("records") == [
        {"name": "张三", "id_number": "4115**********123X", "student_no": "G411***********123X"}
    ]
    assert frame.loc[0, "id_number"] == "41152520150304123X"


def test_ids_quoted_in_free_text_are_masked() -> None:
    frame = pd.DataFrame({"note": ["已转学，新身份证号 41152520150304123X，见附件", "留级一年"]})
    assert mask_frame(frame)["note"].tolist() == [
        "已转学，新身份证号 4115**********123X，见附件",
        "留级一年",
    ]
