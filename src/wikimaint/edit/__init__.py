"""Edit: findings -> edits on the tree -> new text, an Arabic summary and a diff.

``fixes`` applies the fixes the rules proposed (and the infobox and fill-refs tasks) to the
article's tree, so untouched text stays byte for byte; ``fillrefs`` writes a citation
template over a bare reference's link from what its page says; ``plan`` runs the check and
the fixes for one page and renders what would change; ``tasks`` names the tasks and the
rules each applies. The bot and the CLI call it; it calls citations, infobox and (to read
cited pages) links.
"""
