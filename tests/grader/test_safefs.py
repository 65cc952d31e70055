"""Removing and creating folders without following links."""

from __future__ import annotations

import os


def test_remove_tree_is_iterative_bounded_and_never_follows_links(tmp_path):
    from grader.safefs import fresh_dir, remove_tree

    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("host")
    tree = tmp_path / "tree"
    fd = os.open(fresh_dir(tree), os.O_RDONLY)
    for _ in range(3000):  # deeper than Python's recursion limit
        os.mkdir("d", dir_fd=fd)
        fd, old = os.open("d", os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    os.symlink(str(victim), "link", dir_fd=fd)
    os.symlink("/nonexistent", "dangling", dir_fd=fd)
    os.mkfifo("fifo", dir_fd=fd)
    os.close(fd)
    os.symlink(str(victim), tree / "top-link")
    os.link(victim / "keep.txt", tree / "hard")
    assert remove_tree(tree) is True
    assert not os.path.lexists(tree)
    assert (victim / "keep.txt").read_text() == "host" and os.listdir(victim) == ["keep.txt"]
    os.symlink(str(victim), tmp_path / "alone")
    assert remove_tree(tmp_path / "alone") and victim.is_dir()  # the link, not its target
    wide = fresh_dir(tmp_path / "wide")
    for i in range(50):
        (wide / str(i)).mkdir()
    assert remove_tree(wide, max_entries=10) is False  # over budget: reported, not raised
    assert remove_tree(wide) is True


def test_fresh_dir_replaces_a_planted_link_instead_of_following_it(tmp_path):
    from grader.safefs import fresh_dir, read_regular

    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "work").symlink_to(victim)
    made = fresh_dir(tmp_path / "work")
    assert made.is_dir() and not made.is_symlink() and victim.is_dir()
    (victim / "f").write_text("x")
    (tmp_path / "l").symlink_to(victim / "f")
    os.link(victim / "f", tmp_path / "h")
    os.mkfifo(tmp_path / "p")
    assert "symbolic link" in read_regular(tmp_path / "l", 10)[1]
    assert "hard link" in read_regular(tmp_path / "h", 10)[1]
    assert "not a regular file" in read_regular(tmp_path / "p", 10)[1]  # and no hang
