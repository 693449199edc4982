# Bad command lines: exit 2 with a usage line on stderr.
. "$(dirname "$0")/../lib.sh"
while read -r args; do
	# shellcheck disable=SC2086
	t_run $args
	expect_rc 2
	expect_err 'usage: pmswitch'
done <<TABLE
frobnicate
run
run only-one.elf
run a.elf b.elf c.elf
run --method=warp a.elf b.elf
run --timeout=0 a.elf b.elf
run --timeout=abc a.elf b.elf
run --memory=1 a.elf b.elf
run --nmi=0 a.elf b.elf
run --nmi=1001 a.elf b.elf
run --nmi a.elf b.elf
probe --nmi=2 a.elf b.elf
run --round-trips=0 a.elf b.elf
run --round-trips=1001 a.elf b.elf
run --bogus a.elf b.elf
check extra
TABLE
t_run
expect_rc 2
t_run --version
expect_rc 0
expect_out '^pmswitch [0-9]+\.[0-9]+\.[0-9]+$'
t_done
