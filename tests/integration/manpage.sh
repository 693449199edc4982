# Reading the options the man page documents; sourced by the tests that
# hold --help and the completions to it. Needs $page (man/pmswitch.1).

# The options named in a text, one per line: -x and --long-name, without
# any "=VALUE"; roff font changes and \- are undone first.
opts_of() {
	sed 's/\\f[BIRP]//g; s/\\f(..//g; s/\\-/-/g' |
		grep -oE -- '(^|[^A-Za-z0-9_.-])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[^-]*//' | sort -u
}

# The tags (the line after each .TP) of one subsection of OPTIONS:
# "global" for "Global options", or a command name for "Options for CMD".
man_tags() {
	awk -v want="$1" '
		/^\.SH/ { opts = ($2 == "OPTIONS"); sect = ""; tag = 0; next }
		!opts { next }
		/^\.SS/ {
			sect = ""
			if ($2 == "Global" && $3 == "options") sect = "global"
			else if ($2 == "Options" && $3 == "for") sect = $4
			next
		}
		/^\.TP/ { tag = 1; next }
		tag { tag = 0; if (sect == want) print }
	' "$page"
}
