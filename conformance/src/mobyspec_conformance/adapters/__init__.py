"""Builders under test and how to reach them: in-process, a session process, or a process per case."""
