# bash completion for pmswitch(1)                               -*- shell-script -*-
# Installed as share/bash-completion/completions/pmswitch; source it by hand
# otherwise. Needs no helpers from the bash-completion package.
# shellcheck disable=SC2207 # COMPREPLY=($(compgen ...)) is the idiom; IFS is set where names may hold blanks

# Complete file names in COMPREPLY: any file, or with $1 (an extension such
# as .elf) only folders and files ending in $1. Folders get their "/" from
# "compopt -o filenames", as for bash's own file completion.
_pmswitch_files()
{
	local IFS=$'\n' f
	compopt -o filenames 2>/dev/null
	if [[ -z $1 ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -d -- "$cur"))
	for f in $(compgen -f -X "!*$1" -- "$cur"); do
		[[ -d $f ]] || COMPREPLY+=("$f")
	done
}

_pmswitch_dirs()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -d -- "$cur"))
}

_pmswitch()
{
	local cur prev cmd i w skip=0
	local commands='run check inspect probe batch'
	local methods='vmx-exit vmx-entry svm-entry piecemeal task-switch'
	local faults='host-tr guest-rflags skip-exit'

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--opt=value": bash splits it at "=" (COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# The command is the first word that is neither an option nor the value
	# of --payload-dir or --user.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((skip)); then
			skip=0
			[[ $w == = ]] && skip=1
			continue
		fi
		case $w in
		--payload-dir | --user) skip=1 ;;
		-*) ;;
		*) cmd=$w; break ;;
		esac
	done

	case $prev in
	--payload-dir)
		_pmswitch_dirs
		return
		;;
	--user)
		COMPREPLY=($(compgen -u -- "$cur"))
		return
		;;
	esac

	case $cmd in
	'')
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--payload-dir --user -h --help -V --version' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		;;
	run | probe)
		case $prev in
		-m | --method)
			COMPREPLY=($(compgen -W "$methods" -- "$cur"))
			return
			;;
		--inject)
			COMPREPLY=($(compgen -W "$faults" -- "$cur"))
			return
			;;
		-t | --timeout | --memory | --nmi | --round-trips)
			return
			;;
		esac
		if [[ $cur == -* && $cmd == run ]]; then
			COMPREPLY=($(compgen -W '-m --method -t --timeout --memory --json --tap
				-q --quiet -v --verbose --payload-dir --nmi --round-trips --inject -h --help' -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-m --method -t --timeout --memory --json
				--payload-dir --inject -h --help' -- "$cur"))
		else
			_pmswitch_files .elf
		fi
		;;
	check)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--json -h --help' -- "$cur"))
		fi
		;;
	inspect)
		case $prev in
		--memory)
			return
			;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--json --memory -h --help' -- "$cur"))
		else
			_pmswitch_files .elf
		fi
		;;
	batch)
		case $prev in
		-j | --jobs | -t | --timeout)
			return
			;;
		--junit)
			_pmswitch_files
			return
			;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-j --jobs --tap --junit -t --timeout -h --help' -- "$cur"))
		else
			_pmswitch_files
		fi
		;;
	esac
}

complete -F _pmswitch pmswitch
