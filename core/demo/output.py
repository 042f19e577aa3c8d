"""Lay the county out on disk: the inbox, the reference lists, the answer key and 说明.txt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from core.demo.answer_key import answer_key, readme
from core.demo.inbox import INBOX, KNOWN_PASSWORD, put, write_inbox
from core.demo.people import Pupil
from core.demo.reference_lists import LIST_FILES, write_lists
from core.demo.world import World


def write_county(
    out: Path,
    world: World,
    sent: list,
    plans: list,
    pupils: dict[str, list[Pupil]],
    duplicate: tuple | None,
):
    """Write every file; return the DemoCounty."""
    from core.demo.county import DemoCounty

    _clear_previous(out)
    (out / INBOX).mkdir(parents=True, exist_ok=True)
    odd = write_inbox(out, sent, world.seed, int(world.period.split("-")[1]), world.clean)
    lists = write_lists(out, world, sent, plans, pupils)
    key = answer_key(sent, plans, odd, lists, duplicate, world, passwords=[KNOWN_PASSWORD])
    text = json.dumps(key, ensure_ascii=False, indent=2) + "\n"
    put(out / "answer_key.json", text.encode("utf-8"))
    put(out / "说明.txt", readme(key, world, KNOWN_PASSWORD).encode("utf-8"))
    return DemoCounty(
        out_dir=out,
        inbox=out / INBOX,
        school_list=out / LIST_FILES["school-list"],
        household=out / LIST_FILES["household"],
        poverty=out / LIST_FILES["poverty"],
        platform=out / LIST_FILES["platform"],
        answer_key=out / "answer_key.json",
        period=world.period,
        passwords=[KNOWN_PASSWORD],
    )


def _clear_previous(out: Path) -> None:
    """Replace an earlier sample county in the same folder; never touch anything else."""
    if (out / "answer_key.json").exists():
        shutil.rmtree(out / INBOX, ignore_errors=True)
    elif (out / INBOX).exists():
        raise FileExistsError(f"{out} 中已有“{INBOX}”文件夹，请换一个空文件夹")
