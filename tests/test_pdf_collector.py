"""Python's cycle collector is paused while a book is laid out and written (a fifth of the
CPU time of typesetting went to it walking the layout's objects again and again), and comes
back as it was after: on when it was on, off when the caller had turned it off, and on only
when the last of several books typeset at once on threads is done; what the layout left is
collected then.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

import tei.publish.pdf as pdf
from tei.edition import load_edition


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_while_typesetting_and_on_after(collector_on, tmp_path: Path, monkeypatch):
    seen: list[bool] = []
    real = pdf._layout

    def layout(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "_layout", layout)
    edition = load_edition()
    built = pdf.write_pdf(pdf.corpus(edition, pdf.load_documents(edition)[:1]),
                          tmp_path / "one.pdf")
    assert built.pages > 0 and seen and not any(seen)
    assert gc.isenabled()


def test_left_off_when_the_caller_turned_it_off(collector_on):
    gc.disable()
    with pdf._collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_layouts_cycles_are_collected_after(collector_on):
    class Node:
        pass

    with pdf._collector_paused():
        for _ in range(1000):  # cycles, as a layout leaves them: only a collection frees them
            a, b = Node(), Node()
            a.other, b.other = b, a
        del a, b
        left = sum(isinstance(o, Node) for o in gc.get_objects())
        assert left == 1000 * 2
    assert not any(isinstance(o, Node) for o in gc.get_objects())


def test_on_again_only_when_the_last_book_on_a_thread_is_done(collector_on):
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def first() -> None:
        with pdf._collector_paused():
            first_in.set()
            second_in.wait(5)
        states["after first"] = gc.isenabled()
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with pdf._collector_paused():
            second_in.set()
            first_out.wait(5)
            states["during second"] = gc.isenabled()
        states["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == {"after first": False, "during second": False, "after both": True}
