package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

const completionUsage = `usage: symtui completion bash|zsh|fish
  bash   source <(symtui completion bash)            (or save it in ~/.local/share/bash-completion/completions/symtui)
  zsh    source <(symtui completion zsh)             (or save it as _symtui in a directory of $fpath)
  fish   symtui completion fish | source             (or save it as ~/.config/fish/completions/symtui.fish)`

// Completion is `symtui completion SHELL`: a script that completes
// symtui's commands, the kinds of get, every command's flags (as its --help
// lists them) and the values of -o, --status and the file flags.
func Completion(args []string, env Env, cmds []Command) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(env.Stdout, completionUsage)
		return ExitOK
	}
	if len(args) != 1 {
		fmt.Fprintf(env.Stderr, "symtui completion: want one shell: bash, zsh or fish\n%s\n", completionUsage)
		return ExitUsage
	}
	write, ok := completionWriters[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "symtui completion: unknown shell %q: want bash, zsh or fish\n", args[0])
		return ExitUsage
	}
	if err := write(env.Stdout, newCompletionModel(cmds)); err != nil {
		fmt.Fprintf(env.Stderr, "symtui completion: %s\n", oneLine(err))
		return ExitPod
	}
	return ExitOK
}

var completionWriters = map[string]func(io.Writer, completionModel) error{
	"bash": writeBash,
	"zsh":  writeZsh,
	"fish": writeFish,
}

// CompletionShells are the shells `symtui completion` writes for.
func CompletionShells() []string { return []string{"bash", "fish", "zsh"} }

// completionContext is where the words typed so far lead: "" (the console
// itself), "check", "get", "get users", ...
type completionContext struct {
	path  string
	words []string // what may come next: commands, kinds, shells
	flags []Flag
}

type completionModel struct {
	contexts []completionContext
	values   map[string][]string // flag -> the values it takes
}

// newCompletionModel asks every command (and every kind of get) for its
// flags.
func newCompletionModel(cmds []Command) completionModel {
	m := completionModel{values: map[string][]string{
		"o":      formatNames(),
		"status": {"PENDING_INCOMING", "PENDING_OUTGOING", "ACCEPTED", "REJECTED", "ALL"},
	}}
	var top completionContext
	for _, c := range cmds {
		if c.Name == "" {
			top.flags = FlagsOf(c.Run)
			continue
		}
		top.words = append(top.words, c.Name)
		ctx := completionContext{path: c.Name}
		switch c.Name {
		case "get":
			ctx.words = GetKinds()
		case "members":
			ctx.words = MembersSubcommands()
		case "completion":
			ctx.words = CompletionShells()
		case "help", "version": // no flags
		default:
			ctx.flags = FlagsOf(c.Run)
		}
		m.contexts = append(m.contexts, ctx)
	}
	for _, kind := range GetKinds() {
		m.contexts = append(m.contexts, completionContext{path: "get " + kind, flags: FlagsOf(getKindRun(kind))})
	}
	m.contexts = append(m.contexts, completionContext{path: "members set", flags: FlagsOf(MembersSetRun)})
	m.contexts = append([]completionContext{top}, m.contexts...)
	return m
}

func formatNames() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = string(f)
	}
	return out
}

// dashed is how completion offers a flag: -o, --config.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func (c completionContext) dashedFlags() []string {
	out := make([]string, len(c.flags))
	for i, f := range c.flags {
		out[i] = dashed(f.Name)
	}
	return out
}

// valueFlags are the "context:flag" pairs whose flag takes an argument.
func (m completionModel) valueFlags() []string {
	var out []string
	for _, c := range m.contexts {
		for _, f := range c.flags {
			if f.Value {
				out = append(out, c.path+":"+f.Name)
			}
		}
	}
	return out
}

// fileFlags complete with a file, dirFlags with a directory.
var (
	fileFlags = []string{"config", "from", "owners"}
	dirFlags  = []string{"write-config"}
)

// shellWord quotes s for a POSIX or fish shell: words here are commands,
// flags and values we define, never user input, but quote all the same.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func sortedValues(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
