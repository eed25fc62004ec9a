package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// The bash and zsh scripts share their helpers (plain POSIX case
// statements): the words and flags of each context, which flags take a
// value, the values of -o and --status, and how the words typed so far
// lead to a context.
func writePOSIXHelpers(b *strings.Builder, m completionModel) {
	b.WriteString("_symtui_words() {\n    case \"$1\" in\n")
	for _, c := range m.contexts {
		if len(c.words) > 0 {
			fmt.Fprintf(b, "    %s) echo %s ;;\n", shellWord(c.path), joinWords(c.words))
		}
	}
	b.WriteString("    esac\n}\n\n_symtui_flags() {\n    case \"$1\" in\n")
	for _, c := range m.contexts {
		if len(c.flags) > 0 {
			fmt.Fprintf(b, "    %s) echo %s ;;\n", shellWord(c.path), joinWords(c.dashedFlags()))
		}
	}
	b.WriteString("    esac\n}\n\n")
	b.WriteString("# _symtui_takes_value CONTEXT FLAG: whether FLAG is followed by its value.\n")
	b.WriteString("_symtui_takes_value() {\n    local f=${2#-}\n    f=${f#-}\n    case \"$1:$f\" in\n")
	fmt.Fprintf(b, "    %s) return 0 ;;\n", joinPatterns(m.valueFlags(), "|"))
	b.WriteString("    esac\n    return 1\n}\n\n_symtui_values() {\n    case \"$1\" in\n")
	for _, k := range sortedValues(m.values) {
		fmt.Fprintf(b, "    %s) echo %s ;;\n", shellWord(k), joinWords(m.values[k]))
	}
	b.WriteString(`    esac
}

# _symtui_context WORD...: the context the words after "symtui" lead to.
_symtui_context() {
    local ctx='' skip=0 w
    for w in "$@"; do
        if [ "$skip" = 1 ]; then
            skip=0
            continue
        fi
        case "$w" in
        -*=*) ;;
        -*) _symtui_takes_value "$ctx" "$w" && skip=1 ;;
        *)
            case "$ctx" in
            '') ctx=$w ;;
            get|members) ctx="$ctx $w" ;;
            esac
            ;;
        esac
    done
    echo "$ctx"
}

`)
}

func joinWords(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = shellWord(w)
	}
	return strings.Join(q, " ")
}

// joinPatterns joins case patterns: with "|" for a POSIX shell, " " for fish.
func joinPatterns(ps []string, sep string) string {
	if len(ps) == 0 {
		return "'-'" // matches nothing a context:flag pair can be
	}
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = shellWord(p)
	}
	return strings.Join(q, sep)
}

func writeBash(w io.Writer, m completionModel) error {
	var b strings.Builder
	b.WriteString("# bash completion for symtui: source <(symtui completion bash)\n\n")
	writePOSIXHelpers(&b, m)
	b.WriteString(`_symtui() {
    local cur=${COMP_WORDS[COMP_CWORD]} ctx prev f
    COMPREPLY=()
    ctx=$(_symtui_context "${COMP_WORDS[@]:1:COMP_CWORD-1}")
    if [ "$COMP_CWORD" -gt 1 ]; then
        prev=${COMP_WORDS[COMP_CWORD-1]}
        case "$prev" in
        -*=*) ;;
        -*)
            if _symtui_takes_value "$ctx" "$prev"; then
                f=${prev#-}
                f=${f#-}
                case "$f" in
` + fileCases("                ", "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))",
		"compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))") + `                *) COMPREPLY=($(compgen -W "$(_symtui_values "$f")" -- "$cur")) ;;
                esac
                return 0
            fi
            ;;
        esac
    fi
    local words
    words=$(_symtui_words "$ctx")
    case "$cur" in
    -*) words=$(_symtui_flags "$ctx") ;;
    *) [ -n "$words" ] || words=$(_symtui_flags "$ctx") ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _symtui symtui
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// fileCases are the case items of the flags that take a file or a directory.
func fileCases(indent, file, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s) %s ;;\n", indent, strings.Join(fileFlags, "|"), file)
	fmt.Fprintf(&b, "%s%s) %s ;;\n", indent, strings.Join(dirFlags, "|"), dir)
	return b.String()
}

func writeZsh(w io.Writer, m completionModel) error {
	var b strings.Builder
	b.WriteString("#compdef symtui\n# zsh completion for symtui: source <(symtui completion zsh) after compinit,\n")
	b.WriteString("# or save it as _symtui in a directory of $fpath.\n\n")
	writePOSIXHelpers(&b, m)
	b.WriteString(`_symtui() {
    local cur=${words[CURRENT]} ctx prev f
    local -a cands
    ctx=$(_symtui_context "${(@)words[2,CURRENT-1]}")
    if (( CURRENT > 2 )); then
        prev=${words[CURRENT-1]}
        if [[ $prev == -* && $prev != *=* ]] && _symtui_takes_value "$ctx" "$prev"; then
            f=${prev#-}
            f=${f#-}
            case $f in
` + fileCases("            ", "_files", "_files -/") + `            *)
                cands=(${(z)$(_symtui_values "$f")})
                compadd -a cands
                ;;
            esac
            return
        fi
    fi
    if [[ $cur == -* ]]; then
        cands=(${(z)$(_symtui_flags "$ctx")})
    else
        cands=(${(z)$(_symtui_words "$ctx")})
        (( ${#cands} )) || cands=(${(z)$(_symtui_flags "$ctx")})
    fi
    compadd -a cands
}

if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _symtui "$@"
else
    compdef _symtui symtui
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFish(w io.Writer, m completionModel) error {
	var b strings.Builder
	b.WriteString(`# fish completion for symtui: symtui completion fish | source

# __symtui_takes_value CONTEXT FLAG: whether FLAG is followed by its value.
function __symtui_takes_value
    set -l f (string replace -r -- '^--?' '' $argv[2])
    switch "$argv[1]:$f"
        case ` + joinPatterns(m.valueFlags(), " ") + `
            return 0
    end
    return 1
end

# __symtui_context: the context the words after "symtui" lead to.
function __symtui_context
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l ctx ''
    set -l skip 0
    for w in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '-*=*'
            case '-*'
                if __symtui_takes_value "$ctx" $w
                    set skip 1
                end
            case '*'
                switch "$ctx"
                    case ''
                        set ctx $w
                    case get members
                        set ctx "$ctx $w"
                end
        end
    end
    echo $ctx
end

function __symtui_in
    set -l ctx (__symtui_context)
    test "$ctx" = "$argv[1]"
end

complete -c symtui -f
`)
	for _, c := range m.contexts {
		cond := `__symtui_in "` + c.path + `"` // paths are our own words: no quotes in them
		if len(c.words) > 0 {
			fmt.Fprintf(&b, "complete -c symtui -n %s -a %s\n", shellWord(cond), shellWord(strings.Join(c.words, " ")))
		}
		for _, f := range c.flags {
			opt := "-l " + f.Name
			if len(f.Name) == 1 {
				opt = "-s " + f.Name
			}
			switch {
			case !f.Value:
			case slices.Contains(fileFlags, f.Name):
				opt += " -r -F"
			case slices.Contains(dirFlags, f.Name):
				opt += " -x -a '(__fish_complete_directories)'"
			case len(m.values[f.Name]) > 0:
				opt += " -x -a " + shellWord(strings.Join(m.values[f.Name], " "))
			default:
				opt += " -x"
			}
			fmt.Fprintf(&b, "complete -c symtui -n %s %s\n", shellWord(cond), opt)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
