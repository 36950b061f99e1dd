"""Citations: judging an article's references.

``registry`` defines findings, fixes and rules; ``rules`` holds the rules themselves, one
small generator each, and wires them into one table in ``rules/__init__.py``; ``check``
runs the chosen rules over an article (with the live results from ``wikimaint.links`` when
asked) into a :class:`~wikimaint.citations.check.Report`; ``report`` prints that report as a
table.
"""
