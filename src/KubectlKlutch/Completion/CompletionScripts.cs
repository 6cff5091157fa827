namespace KubectlKlutch.Completion;

/// <summary>
/// The scripts `kubectl klutch completion SHELL` prints. `kubectl klutch &lt;TAB&gt;` needs none of
/// them: kubectl (1.26+) completes a plugin's arguments by running `kubectl_complete-klutch` from
/// PATH, which is this same binary under a second name. The scripts complete the binary when it
/// is run directly as `kubectl-klutch`; both ways ask it through the same `__complete` protocol.
/// </summary>
public static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish", "powershell"];

    public static string? For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "powershell" => PowerShell,
        _ => null,
    };

    private const string Header = """
        # Completion for kubectl-klutch, run directly. For `kubectl klutch <TAB>`, kubectl (1.26+)
        # runs kubectl_complete-klutch from PATH: make it a second name of the same binary, once:
        #   ln -s "$(command -v kubectl-klutch)" "$(dirname "$(command -v kubectl-klutch)")/kubectl_complete-klutch"
        # (on Windows: copy kubectl-klutch.exe to kubectl_complete-klutch.exe beside it).

        """;

    // Cobra's protocol: `kubectl-klutch __complete WORDS... CURRENT` prints one candidate per
    // line, then `:N`, N being the directive bits (1 error, 2 no space, 4 no file names).
    private const string Bash = Header + """
        # bash: source <(kubectl-klutch completion bash)
        __kubectl_klutch_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local out directive
            out=$(kubectl-klutch __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
            directive=${out##*:}
            out=${out%:*}
            [[ $directive =~ ^[0-9]+$ ]] || directive=0
            (( directive & 1 )) && return 0
            (( directive & 2 )) && compopt -o nospace 2>/dev/null
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$out" -- "$cur"))
            if (( ${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )); then
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            return 0
        }
        complete -F __kubectl_klutch_complete kubectl-klutch

        """;

    private const string Zsh = "#compdef kubectl-klutch\n" + Header + """
        # zsh: source <(kubectl-klutch completion zsh)   (after compinit)
        _kubectl_klutch() {
            local out directive
            local -a lines candidates
            out=$(kubectl-klutch __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null) || return 1
            lines=("${(@f)out}")
            directive=${lines[-1]#:}
            candidates=("${(@)lines[1,-2]}")
            [[ $directive == <-> ]] || directive=0
            (( directive & 1 )) && return 1
            if (( ${#candidates} == 0 )); then
                (( directive & 4 )) || _files
                return
            fi
            if (( directive & 2 )); then
                compadd -S '' -- "${candidates[@]}"
            else
                compadd -- "${candidates[@]}"
            fi
        }
        compdef _kubectl_klutch kubectl-klutch

        """;

    private const string Fish = Header + """
        # fish: kubectl-klutch completion fish | source
        function __kubectl_klutch_complete
            set -l tokens (commandline -opc)
            set -l current (commandline -ct)
            set -l out (kubectl-klutch __complete $tokens[2..-1] "$current" 2>/dev/null)
            or return
            set -l directive (string replace -r '^:' '' -- $out[-1])
            set -e out[-1]
            string match -qr '^[0-9]+$' -- $directive; or set directive 0
            if test (math "bitand($directive, 1)") -ne 0
                return
            end
            if test (count $out) -eq 0; and test (math "bitand($directive, 4)") -eq 0
                __fish_complete_path $current
                return
            end
            printf '%s\n' $out
        end
        complete -c kubectl-klutch -f -a '(__kubectl_klutch_complete)'

        """;

    private const string PowerShell = """
        # Completion for kubectl-klutch, run directly. For `kubectl klutch <TAB>`, kubectl (1.26+)
        # runs kubectl_complete-klutch from PATH: copy kubectl-klutch.exe to kubectl_complete-klutch.exe
        # beside it (on Linux and macOS, a symbolic link named kubectl_complete-klutch).
        # PowerShell: kubectl-klutch completion powershell | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName 'kubectl-klutch', 'kubectl-klutch.exe' -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
            if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }
            # An empty argument reaches a native program only as '""' before PowerShell 7.3.
            $current = $wordToComplete
            if ($current -eq '' -and ($PSVersionTable.PSVersion -lt [version]'7.3' -or $PSNativeCommandArgumentPassing -eq 'Legacy')) { $current = '""' }
            $out = @(& kubectl-klutch __complete @words $current 2>$null)
            if ($out.Count -eq 0) { return }
            $directive = 0
            [void][int]::TryParse($out[-1].TrimStart(':'), [ref]$directive)
            if ($directive -band 1) { return }
            $out | Select-Object -SkipLast 1 | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
