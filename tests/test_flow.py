"""The journey as a graph (tpscore.flow): successors, loops, entries, reachability, ends and dead ends."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import journey_of, journeys

from tpscore.flow import Flow, analyse_flow
from tpscore.model import Touchpoint


def flow(*specs: str | tuple) -> Flow:
    """Touchpoints from specs: "id" (happy), or (id, path) or (id, path, next ids); index = position."""
    touchpoints = []
    for index, spec in enumerate(specs):
        tp_id, path, nxt = (spec, "happy", None) if isinstance(spec, str) else (tuple(spec) + (None,))[:3]
        touchpoints.append(Touchpoint(tp_id, tp_id, "s", index, path=path,
                                      next=tuple(nxt) if nxt is not None else None))
    return analyse_flow(touchpoints)


# -- successors -------------------------------------------------------------------------------------

def test_default_successor_is_the_next_touchpoint_listed():
    assert flow("a", "b", "c").successors == ((1,), (2,), ())


def test_default_successor_stays_on_the_same_path():
    f = flow("a", ("u1", "unhappy"), "b", ("r1", "recovery"), ("u2", "unhappy"), ("r2", "recovery"))
    assert f.successors == ((2,), (4,), (), (5,), (), ())


def test_next_replaces_the_default_successor():
    f = flow(("a", "happy", ["c"]), "b", "c")
    assert f.successors == ((2,), (2,), ())


def test_next_may_cross_paths_and_list_several_targets():
    f = flow(("a", "happy", ["b", "u"]), "b", ("u", "unhappy"))
    assert f.successors[0] == (1, 2)


def test_empty_next_is_a_deliberate_end():
    assert flow(("a", "happy", []), "b").successors == ((), ())


# -- loops ------------------------------------------------------------------------------------------

def test_next_to_an_earlier_touchpoint_is_a_loop_edge():
    f = flow("a", "b", ("c", "happy", ["a"]))
    assert f.loop_edges == ((2, 0),)


def test_self_loop_is_a_loop_edge_and_forward_edges_are_not():
    f = flow(("a", "happy", ["c"]), ("b", "happy", ["b", "c"]), "c")
    assert f.loop_edges == ((1, 1),)


def test_linear_journey_has_no_loop_edges():
    assert flow("a", "b", "c").loop_edges == ()


# -- entries and reachability -------------------------------------------------------------------------

def test_first_happy_touchpoint_is_the_first_entry():
    f = flow(("u", "unhappy", ["a"]), "a", "b")
    assert f.first == 1
    assert f.entries == (1, 0)  # then every unhappy start nothing points to


def test_unhappy_path_start_with_no_predecessor_is_an_entry():
    f = flow("a", "b", ("u1", "unhappy"), ("u2", "unhappy"), ("r1", "recovery"))
    assert f.entries == (0, 2, 4)
    assert f.reachable == frozenset(range(5))
    assert f.unreachable == []


def test_unhappy_touchpoint_pointed_to_is_not_an_entry():
    f = flow(("a", "happy", ["b", "u"]), "b", ("u", "unhappy"))
    assert f.entries == (0,)
    assert 2 in f.reachable


def test_self_loop_does_not_count_as_a_predecessor():
    f = flow("a", ("u", "unhappy", ["u"]))
    assert f.entries == (0, 1)


def test_happy_touchpoint_skipped_by_next_is_unreachable():
    f = flow(("a", "happy", ["c"]), "b", "c")
    assert f.unreachable == [1]
    assert f.reachable == frozenset({0, 2})


def test_touchpoint_reached_only_through_a_loop_is_reachable():
    f = flow(("a", "happy", ["c"]), "b", ("c", "happy", ["b"]))
    assert f.unreachable == []


def test_touchpoints_after_a_deliberate_end_are_unreachable():
    f = flow("a", ("b", "happy", []), "c", "d")
    assert f.unreachable == [2, 3]


# -- ends and dead ends ---------------------------------------------------------------------------

def test_last_touchpoint_of_each_path_is_an_end():
    f = flow("a", ("u1", "unhappy"), "b", ("u2", "unhappy"))
    assert f.ends == frozenset({2, 3})
    assert f.dead_ends == frozenset()


def test_loop_back_ends_its_path_without_being_a_dead_end():
    f = flow("a", ("b", "happy", ["a"]), "c")
    assert 1 in f.ends
    assert f.dead_ends == frozenset()


def test_empty_next_before_the_end_of_its_path_is_a_dead_end():
    f = flow("a", ("b", "happy", []), "c")
    assert f.ends == frozenset({1, 2})
    assert f.dead_ends == frozenset({1})


def test_empty_next_on_the_last_touchpoint_of_a_path_is_not_a_dead_end():
    f = flow("a", ("b", "happy", []), ("u", "unhappy", []))
    assert f.dead_ends == frozenset()


def test_jump_to_another_path_ends_the_own_path():
    f = flow(("a", "happy", ["u"]), "b", ("u", "unhappy"))
    assert 0 in f.ends and 0 not in f.dead_ends


# -- first, final, happy end --------------------------------------------------------------------------

def test_first_final_and_happy_end():
    f = flow(("u", "unhappy"), "a", "b", ("r", "recovery"))
    assert (f.first, f.final, f.happy_end) == (1, 3, 2)


def test_without_a_happy_path_the_first_and_happy_end_fall_back():
    f = flow(("u1", "unhappy"), ("u2", "unhappy"))
    assert (f.first, f.final, f.happy_end) == (0, 1, 1)
    assert f.entries == (0,)


def test_single_touchpoint():
    f = flow("a")
    assert (f.first, f.final, f.happy_end, f.entries, f.ends) == (0, 0, 0, (0,), frozenset({0}))


# -- invariants over generated journeys -----------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(doc=journeys())
def test_flow_invariants(doc):
    tps = journey_of(doc).touchpoints
    f = analyse_flow(tps)
    count = len(tps)
    assert len(f.successors) == count
    assert all(0 <= j < count for targets in f.successors for j in targets)
    assert f.loop_edges == tuple((i, j) for i, targets in enumerate(f.successors) for j in targets if j <= i)
    assert set(f.entries) <= f.reachable and f.first in f.entries
    assert f.dead_ends <= f.ends
    assert all(not f.successors[i] for i in f.dead_ends)
    assert f.final == count - 1
    # reachable is closed under successors
    assert all(j in f.reachable for i in f.reachable for j in f.successors[i])
