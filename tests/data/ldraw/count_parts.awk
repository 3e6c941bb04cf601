# Counts the parts of an LDraw file, independently of Boucle's importer, for the tests' expected values.
#
#     awk -f count_parts.awk FILE.mpd | sort -rn
#
# prints "quantity part colour" for every part reached from the main model (the first "0 FILE" section,
# or the whole file when it has none), expanding sub-models recursively; colour 16 and 24 take the colour
# of the line that placed the sub-model. Parts are the referenced files that are not sub-models of the
# file, named without ".dat", in lower case.
{ sub(/\r$/, "") }
$1 == "0" && toupper($2) == "FILE" {
    name = $0; sub(/^[ \t]*0[ \t]+[Ff][Ii][Ll][Ee][ \t]+/, "", name); sub(/[ \t]+$/, "", name)
    cur = tolower(name); if (first == "") first = cur; defined[cur] = 1; next
}
$1 == "0" && toupper($2) == "NOFILE" { cur = "(nofile)"; next }
$1 == "1" {
    if (first == "") { first = "(main)"; cur = first; defined[cur] = 1 }
    if (cur == "(nofile)") next
    ref = $0
    for (k = 1; k <= 14; k++) sub(/^[ \t]*[^ \t]+/, "", ref)
    sub(/^[ \t]+/, "", ref); sub(/[ \t]+$/, "", ref)
    n[cur]++; colour[cur, n[cur]] = $2; file[cur, n[cur]] = tolower(ref)
}
END {
    expand(first, 16)
    for (k in total) { split(k, kv, SUBSEP); print total[k], kv[1], kv[2] }
}
function expand(model, inherited,    i, c, f, part) {
    for (i = 1; i <= n[model]; i++) {
        c = colour[model, i]; if (c == 16 || c == 24) c = inherited
        f = file[model, i]
        if (f in defined) { expand(f, c); continue }
        part = f; sub(/\.dat$/, "", part)
        total[part, c]++
    }
}
