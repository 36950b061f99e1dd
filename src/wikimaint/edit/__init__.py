"""Edit: findings -> edits on the tree -> new text, an Arabic summary and a diff.

``fixes`` applies the fixes the rules proposed (and the infobox task) to the article's
tree, so untouched text stays byte for byte; ``plan`` runs the check and the fixes for one
page and renders what would change. The bot and the CLI call it; it calls citations and
infobox.
"""
