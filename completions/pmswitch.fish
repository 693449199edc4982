# fish completion for pmswitch(1). Installed as
# share/fish/vendor_completions.d/pmswitch.fish.

# The command word (run, check, inspect, probe, batch), if the line has one yet:
# the first word that is neither an option nor the value of --payload-dir
# or --user.
function __pmswitch_command
    set -l words (commandline -opc)
    set -e words[1]
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --payload-dir --user
                set skip 1
            case '-*'
            case '*'
                echo $w
                return 0
        end
    end
    return 1
end

# Context images: folders and *.elf files only.
function __pmswitch_images
    set -l token (commandline -ct)
    set -l files (complete -C "__fish_command_without_completions $token")
    string match -- '*/' $files
    string match -- '*.elf' $files
end

function __pmswitch_using
    set -l cmd (__pmswitch_command)
    or return 1
    contains -- $cmd $argv
end

# No file names unless a command wants them.
complete -c pmswitch -f

# Global options and the commands.
set -l global 'not __pmswitch_command'
complete -c pmswitch -n $global -l payload-dir -x -a '(__fish_complete_directories)' -d 'Load the payloads from DIR'
complete -c pmswitch -n $global -l user -x -a '(__fish_complete_users)' -d 'Run the vCPU as USER'
complete -c pmswitch -n $global -s h -l help -d 'Print the usage and exit'
complete -c pmswitch -n $global -s V -l version -d 'Print the version and exit'
complete -c pmswitch -n $global -a run -d 'Switch atomically from ORIGINAL to TARGET'
complete -c pmswitch -n $global -a check -d 'Can this host run pmswitch?'
complete -c pmswitch -n $global -a inspect -d 'Show the context built for an image'
complete -c pmswitch -n $global -a probe -d 'Whose registers the vCPU holds at each step of the switch'
complete -c pmswitch -n $global -a batch -d 'Run the pairs of a manifest'

# Every command: -h, --help.
complete -c pmswitch -n '__pmswitch_using run check inspect probe batch' -s h -l help -d 'Print the usage and exit'

# The values of run's and probe's --method and --inject.
set -l methods "
    vmx-exit\t'VMCALL exit loads the target (built in)'
    vmx-entry\t'A monitor enters the target as a VMX guest'
    svm-entry\t'A monitor VMRUNs the target as an SVM guest'
    piecemeal\t'One register at a time (built in)'
    task-switch\t'A far JMP to a TSS, 32-bit (built in)'"
set -l faults "
    host-tr\t'HOST_TR_SELECTOR 0: VMfailValid error 8'
    guest-rflags\t'GUEST_RFLAGS 0: VM-entry failure 0x80000021'
    skip-exit\t'Reach the target without the VM exit'"

# run [OPTIONS] ORIGINAL.elf TARGET.elf
set -l run '__pmswitch_using run'
complete -c pmswitch -n $run -s m -l method -x -d 'How to switch' -a "$methods"
complete -c pmswitch -n $run -s t -l timeout -x -d 'Seconds before a hung guest is stopped (1-3600)'
complete -c pmswitch -n $run -l memory -x -d 'Guest RAM in MiB (32-3072)'
complete -c pmswitch -n $run -l json -d 'One JSON object per record'
complete -c pmswitch -n $run -l tap -d 'TAP for test harnesses'
complete -c pmswitch -n $run -s q -l quiet -d 'Print only the verdict'
complete -c pmswitch -n $run -s v -l verbose -d 'Full register dumps'
complete -c pmswitch -n $run -l payload-dir -x -a '(__fish_complete_directories)' -d 'Load the payloads from DIR'
complete -c pmswitch -n $run -l nmi -x -d 'Step the run and raise N NMIs in it (1-1000)'
complete -c pmswitch -n $run -l round-trips -x -d 'Switch back and forth N more times (1-1000)'
complete -c pmswitch -n $run -l inject -x -d 'Break the VMCS on purpose (testing)' -a "$faults"
complete -c pmswitch -n $run -a '(__pmswitch_images)'

# check [--json]
complete -c pmswitch -n '__pmswitch_using check' -l json -d 'One JSON object'

# inspect [--json] [--memory MIB] IMAGE.elf
set -l inspect '__pmswitch_using inspect'
complete -c pmswitch -n $inspect -l json -d 'One JSON object'
complete -c pmswitch -n $inspect -l memory -x -d 'Guest RAM in MiB (32-3072)'
complete -c pmswitch -n $inspect -a '(__pmswitch_images)'

# probe [OPTIONS] ORIGINAL.elf TARGET.elf
set -l probe '__pmswitch_using probe'
complete -c pmswitch -n $probe -s m -l method -x -d 'How to switch' -a "$methods"
complete -c pmswitch -n $probe -s t -l timeout -x -d 'Seconds before a hung guest is stopped (1-3600)'
complete -c pmswitch -n $probe -l memory -x -d 'Guest RAM in MiB (32-3072)'
complete -c pmswitch -n $probe -l json -d 'One JSON object per boundary'
complete -c pmswitch -n $probe -l payload-dir -x -a '(__fish_complete_directories)' -d 'Load the payloads from DIR'
complete -c pmswitch -n $probe -l inject -x -d 'Break the switch on purpose (testing)' -a "$faults"
complete -c pmswitch -n $probe -a '(__pmswitch_images)'

# batch [-j N] [--tap] [--junit FILE] [-t SECONDS] MANIFEST
set -l batch '__pmswitch_using batch'
complete -c pmswitch -n $batch -s j -l jobs -x -d 'Pairs to run at a time'
complete -c pmswitch -n $batch -s t -l timeout -x -d 'Timeout of each pair, in seconds'
complete -c pmswitch -n $batch -l tap -d 'TAP, one test point per pair'
complete -c pmswitch -n $batch -l junit -r -F -d 'Write a JUnit XML report to FILE'
complete -c pmswitch -n $batch -F
