"""Words too common to tell two ideas apart (English and French, folded: lower case, no diacritics).

Used by ``similar_projects`` only: a search for "the" still finds "the" (the user asked for it).
"""

ENGLISH = """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just let me more most my myself no nor
not now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up us very was we
were what when where which while who whom why will with would you your yours yourself yourselves
get gets got make makes made one ones way new use used using thing things like want
""".split()

FRENCH = """
a afin ai aie aient aies ait alors as au aucun aucune aupres aussi autre autres aux avec avez avoir avons ayant
c ca ce ceci cela celle celles celui ces cet cette ceux chaque ci comme comment d dans de des deux donc dont du
elle elles en encore entre es est et etaient etais etait etant ete etre eu eux faire fait il ils j je l la le
les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas peu peut plus pour
pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se ses si son sont sous sur t ta te tes toi
ton tous tout toute toutes tres tu un une unes uns vos votre vous y
""".split()

STOP_WORDS = frozenset(ENGLISH) | frozenset(FRENCH)
