"""The near-duplicate index answers exactly what testing every key with `alike_to` answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from career.pipeline.vocab import NearDuplicates, alike_to

# Small alphabets and shared stems, so that many keys are alike and many only nearly.
KEYS = st.one_of(
    st.text(alphabet="abcde12", min_size=1, max_size=12),
    st.builds(
        lambda stem, tail: stem + tail,
        st.sampled_from(["acmelabs", "northwind", "abcd", "ab", "globex"]),
        st.text(alphabet="abcxyz0123", max_size=4),
    ),
)


def brute_force(keys: list[str], key: str) -> list[int]:
    test = alike_to(key)
    return [number for number, other in enumerate(keys) if test(other)]


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(KEYS, min_size=1, max_size=25))
def test_the_index_finds_what_every_comparison_finds(keys: list[str]) -> None:
    index = NearDuplicates()
    for number, key in enumerate(keys):
        assert index.alike(key) == brute_force(keys[:number], key)
        index.add(key, number)


def test_limit_keeps_the_first_in_the_order_added() -> None:
    index = NearDuplicates()
    for number in range(10):
        index.add(f"globexconsulting{number:03d}", number)
    assert index.alike("globexconsulting00x", limit=3) == [0, 1, 2]
    assert index.alike("initech") == []


def test_a_recorded_key_inside_the_new_one_is_found() -> None:
    index = NearDuplicates()
    index.add("acme", "short")
    index.add("somethingelse", "other")
    assert index.alike("theacmecorporationofamerica") == ["short"]
