# The bash, zsh and fish completions, driven for real in a folder holding
# a.elf, b.txt and sub/: commands, options, --method and --inject values,
# *.elf for images, any file for MANIFEST and --junit, folders for
# --payload-dir; and for every command, the options offered on "-" are the
# ones the man page documents for it (plus -h, --help).
#   bash: source completions/pmswitch.bash, set COMP_WORDS/COMP_CWORD/
#         COMP_LINE/COMP_POINT, call _pmswitch, read COMPREPLY;
#   zsh:  an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit
#         and completions/ in $fpath: type the line, press TAB, collect what
#         the completion system adds (reads wait for a marker, under timeout);
#   fish: source completions/pmswitch.fish, complete -C "LINE".
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../manpage.sh"
top=$(cd "$(dirname "$0")/../../.." && pwd)
comp=$top/completions
page=$top/man/pmswitch.1
tmp=${TMPDIR:-/tmp}/pmsw-comp.$$
trap 'rm -rf "$tmp" "$T_OUT" "$T_ERR"' EXIT
mkdir -p "$tmp/files/sub"
: >"$tmp/files/a.elf"
: >"$tmp/files/b.txt"
: >"$T_ERR"
T_RC=0

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	T_CMD="command -v $1" T_RC=127
	: >"$T_OUT"
	t_fail "$1 is not installed (Debian package $1; make check installs it)"
	return 1
}

# The candidates in $T_OUT, one per line, a folder's "/" dropped.
has() {
	for want in "$@"; do
		grep -qx -- "$want" "$T_OUT" || t_fail "'$want' is not offered"
	done
}
lacks() {
	for unwanted in "$@"; do
		! grep -qx -- "$unwanted" "$T_OUT" || t_fail "'$unwanted' is offered"
	done
}
# Exactly these candidates, in any order.
only() {
	: >"$tmp/want"
	[ $# -eq 0 ] || printf '%s\n' "$@" | sort -u >"$tmp/want"
	sort -u "$T_OUT" >"$tmp/got"
	cmp -s "$tmp/want" "$tmp/got" ||
		t_fail "offered: $(tr '\n' ' ' <"$tmp/got"), expected: $(tr '\n' ' ' <"$tmp/want")"
}

# The options the man page documents for a command ("global": before the
# command), with -h and --help, one per line.
man_opts() {
	{
		man_tags "$1" | opts_of
		printf '%s\n' -h --help
	} | sort -u
}

# Every command and the options of each, as the man page has them.
commands='run check inspect probe batch'
opts_check() {  # $1: shell, $2: section, then the candidates are in $T_OUT
	man_opts "$2" >"$tmp/want"
	sort -u "$T_OUT" >"$tmp/got"
	extra=$(comm -13 "$tmp/want" "$tmp/got" | tr '\n' ' ')
	missing=$(comm -23 "$tmp/want" "$tmp/got" | tr '\n' ' ')
	[ -z "$extra$missing" ] ||
		t_fail "$1, $2 options: offered but not in the man page: ${extra:-none};" \
			"in the man page but not offered: ${missing:-none}"
}

# ---- bash ---------------------------------------------------------------------
# bash_complete WORD... : COMP_WORDS as bash would split the line (it splits
# at "=" too); the last word is the one under the cursor.
bash_complete() {
	T_CMD="bash: $* <TAB>"
	(cd "$tmp/files" && bash --norc --noprofile -c '
		source "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_pmswitch pmswitch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$comp/pmswitch.bash" "$@") >"$tmp/raw" 2>"$T_ERR"
	T_RC=$?
	sed 's:/$::' "$tmp/raw" >"$T_OUT"
	if [ "$T_RC" -ne 0 ] || [ -s "$T_ERR" ]; then
		t_fail "the completion function failed"
	fi
}

if need bash; then
	T_CMD="bash: complete -p pmswitch"
	bash --norc --noprofile -c 'source "$1"; complete -p pmswitch' bash \
		"$comp/pmswitch.bash" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
	expect_out '-F _pmswitch'
	bash_complete pmswitch r;                       only run
	bash_complete pmswitch '';                      only $commands
	bash_complete pmswitch -;                       opts_check bash global
	bash_complete pmswitch run --me;                has --method --memory
	bash_complete pmswitch run --met;               only --method
	bash_complete pmswitch run --method '';         only vmx-exit vmx-entry svm-entry piecemeal task-switch
	bash_complete pmswitch run --method = vmx-e;    only vmx-exit vmx-entry
	bash_complete pmswitch run -m s;                only svm-entry
	bash_complete pmswitch run --inject '';         only host-tr guest-rflags skip-exit
	bash_complete pmswitch run --timeout '';        only
	bash_complete pmswitch run '';                  only a.elf sub
	bash_complete pmswitch run a.elf '';            has a.elf sub; lacks b.txt
	bash_complete pmswitch inspect '';              only a.elf sub
	bash_complete pmswitch batch '';                has a.elf b.txt sub
	bash_complete pmswitch batch --junit '';        has a.elf b.txt sub
	bash_complete pmswitch --payload-dir '';        only sub
	bash_complete pmswitch --payload-dir sub run --inj;  only --inject
	bash_complete pmswitch run --payload-dir '';    only sub
	for c in $commands; do
		bash_complete pmswitch "$c" -;          opts_check bash "$c"
	done
fi

# ---- zsh ------------------------------------------------------------------------
# zsh_complete LINE... : one interactive zsh answers every LINE; the
# candidates of line N go to $tmp/zsh.N.
zsh_complete() {
	cat >"$tmp/harness.zsh" <<'HARNESS'
zmodload zsh/zpty || { print -u2 "zsh/zpty is missing"; exit 3 }
compdir=$1 setup=$2
shift 2
print -r -- "fpath=(${(q)compdir} \$fpath)" >$setup
cat >>$setup <<'SETUP'
PS1= PS2= RPS1= RPROMPT=
unset zle_bracketed_paste
unsetopt bang_hist
autoload -U compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd() {
	# Calls that only compute (-O, -A, -D) add nothing.
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a pmsw_hits
	local pmsw_h
	builtin compadd -A pmsw_hits "$@"
	for pmsw_h in $pmsw_hits; do
		print -r -- "<pmsw""-match>$pmsw_h"
	done
	builtin compadd "$@"
}
pmsw_end() { print -r -- "<pmsw""-end>" }
pmsw_complete() {
	comppostfuncs=(pmsw_end)
	zle complete-word
}
zle -N pmsw-complete pmsw_complete
bindkey '^I' pmsw-complete
print -r -- "<pmsw""-ready>"
SETUP
zpty -b pmsw zsh -f -i || exit 3
zpty -w pmsw "TERM=dumb; source ${(q)setup}"
zpty -r pmsw out '*<pmsw-ready>*' || exit 3
for line in "$@"; do
	# ^U empties what the last completion left on the line.
	zpty -w -n pmsw $'\C-u'"$line"$'\t'
	zpty -r pmsw out '*<pmsw-end>*' || exit 3
	print -r -- "== $line"
	for l in "${(@f)out//$'\r'/}"; do
		[[ $l == *'<pmsw-match>'* ]] && print -r -- "${l#*<pmsw-match>}"
	done
done
zpty -d pmsw
HARNESS
	T_CMD="zsh (zpty): $*"
	(cd "$tmp/files" && timeout 120 zsh -f "$tmp/harness.zsh" "$comp" "$tmp/setup.zsh" "$@") \
		>"$tmp/zsh.all" 2>"$T_ERR"
	T_RC=$?
	awk -v dir="$tmp" '/^== / { n++; f = dir "/zsh." n; printf "" >f; next }
		f { sub(/\/$/, ""); print >f }' "$tmp/zsh.all"
	n=$(grep -c '^== ' "$tmp/zsh.all")
	if [ "$T_RC" -ne 0 ] || [ "$n" -ne $# ]; then
		cp "$tmp/zsh.all" "$T_OUT"
		t_fail "the zsh harness answered $n of $# lines"
	fi
}
# zsh_result N LINE: make the candidates of line N the ones checked.
zsh_result() {
	T_CMD="zsh: $2<TAB>"
	if [ -f "$tmp/zsh.$1" ]; then
		sort -u "$tmp/zsh.$1" >"$T_OUT"
	else
		: >"$T_OUT"
	fi
}

if need zsh; then
	T_CMD="zsh -n completions/_pmswitch"
	zsh -n "$comp/_pmswitch" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
	expect_rc 0
	T_CMD="zsh: compinit; source completions/_pmswitch"
	zsh -f -c 'autoload -U compinit && compinit -u -D && source "$1" &&
		whence -w _pmswitch && print -r -- "pmswitch=$_comps[pmswitch]"' zsh \
		"$comp/_pmswitch" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
	expect_rc 0
	expect_out '^_pmswitch: function$'
	expect_out '^pmswitch=_pmswitch$'

	set -- 'pmswitch r' 'pmswitch ' 'pmswitch -' 'pmswitch run --met' \
		'pmswitch run --method ' 'pmswitch run --method=vmx-e' 'pmswitch run -m s' \
		'pmswitch run --inject ' 'pmswitch run ' 'pmswitch run a.elf ' \
		'pmswitch inspect ' 'pmswitch batch ' 'pmswitch batch --junit ' \
		'pmswitch --payload-dir ' 'pmswitch --payload-dir sub run --inj'
	for c in $commands; do
		set -- "$@" "pmswitch $c -"
	done
	zsh_complete "$@"
	zsh_result 1 'pmswitch r';                      only run
	zsh_result 2 'pmswitch ';                       only $commands
	zsh_result 3 'pmswitch -';                      opts_check zsh global
	zsh_result 4 'pmswitch run --met';              only --method
	zsh_result 5 'pmswitch run --method ';          only vmx-exit vmx-entry svm-entry piecemeal task-switch
	zsh_result 6 'pmswitch run --method=vmx-e';     only vmx-exit vmx-entry
	zsh_result 7 'pmswitch run -m s';               only svm-entry
	zsh_result 8 'pmswitch run --inject ';          only host-tr guest-rflags skip-exit
	zsh_result 9 'pmswitch run ';                   only a.elf sub
	zsh_result 10 'pmswitch run a.elf ';            has a.elf sub; lacks b.txt
	zsh_result 11 'pmswitch inspect ';              only a.elf sub
	zsh_result 12 'pmswitch batch ';                has a.elf b.txt sub
	zsh_result 13 'pmswitch batch --junit ';        has a.elf b.txt sub
	zsh_result 14 'pmswitch --payload-dir ';        only sub
	zsh_result 15 'pmswitch --payload-dir sub run --inj';  only --inject
	n=15
	for c in $commands; do
		n=$((n + 1))
		zsh_result $n "pmswitch $c -";          opts_check zsh "$c"
	done
fi

# ---- fish -----------------------------------------------------------------------
fish_complete() {
	T_CMD="fish: complete -C '$1'"
	(cd "$tmp/files" && fish --no-config -c 'source $argv[1]; and complete -C $argv[2]' \
		"$comp/pmswitch.fish" "$1") >"$tmp/raw" 2>"$T_ERR"
	T_RC=$?
	cut -f1 "$tmp/raw" | sed 's:/$::' >"$T_OUT"
	if [ "$T_RC" -ne 0 ] || [ -s "$T_ERR" ]; then
		t_fail "fish failed"
	fi
}

if need fish; then
	T_CMD="fish --no-execute completions/pmswitch.fish"
	fish --no-execute "$comp/pmswitch.fish" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
	expect_rc 0
	fish_complete 'pmswitch r';                     only run
	fish_complete 'pmswitch ';                      only $commands
	fish_complete 'pmswitch -';                     opts_check fish global
	fish_complete 'pmswitch run --met';             only --method
	fish_complete 'pmswitch run --method ';         only vmx-exit vmx-entry svm-entry piecemeal task-switch
	fish_complete 'pmswitch run --method=vmx-e';    only --method=vmx-exit --method=vmx-entry
	fish_complete 'pmswitch run -m s';              only svm-entry
	fish_complete 'pmswitch run --inject ';         only host-tr guest-rflags skip-exit
	fish_complete 'pmswitch run --timeout ';        only
	fish_complete 'pmswitch run ';                  only a.elf sub
	fish_complete 'pmswitch run a.elf ';            has a.elf sub; lacks b.txt
	fish_complete 'pmswitch inspect ';              only a.elf sub
	fish_complete 'pmswitch batch ';                has a.elf b.txt sub
	fish_complete 'pmswitch batch --junit ';        has a.elf b.txt sub
	fish_complete 'pmswitch --payload-dir ';        only sub
	fish_complete 'pmswitch --payload-dir sub run --inj';  only --inject
	for c in $commands; do
		fish_complete "pmswitch $c -";          opts_check fish "$c"
	done
fi
t_done
