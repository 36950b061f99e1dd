"""Bot: wikimaint as a pywikibot bot (the only package that imports pywikibot).

``bot`` holds :class:`~wikimaint.bot.bot.WikimaintBot`, thin on purpose: it asks
``wikimaint.edit.plan`` what to change and writes only through ``put_current``; ``wiki``
sets pywikibot up (config, site, page generators) and runs the bot over a wiki. Nothing
here is imported until a bot run starts, so the rest of wikimaint works without a wiki.
"""
