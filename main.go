// Command symtui is a terminal console for the operators of a Symphony pod.
//
//	symtui [--config FILE | --context NAME] [--read-only]   the console on a real pod
//	symtui --demo                          the console on an embedded emulator
//	symtui check [--config FILE]           checklist: config, key, login, identity, clock
//	symtui get ...                         the same client, for scripts
//	symtui members set ROOM --from FILE    declarative membership, planned first
//	symtui offboard USER                   take a user out of every room
//	symtui emulator [flags]                a local pod in the foreground
//	symtui completion bash|zsh|fish        a shell completion script
//	symtui version
package main

import (
	"fmt"
	"os"
	"strconv"

	"symtui/cli"
	"symtui/ui"
)

// version is set at build time with -ldflags "-X main.version=..."; without
// it, `symtui version` reads the module version and VCS revision Go
// recorded in the binary.
var version = "dev"

const usage = `usage:
  symtui [--config FILE] [--read-only]   the console on a pod (BDK config, default ~/.symphony/config.yaml)
  symtui --context NAME [--read-only]    the console on a pod context of ~/.config/symtui/config.yaml
  symtui --demo [--read-only]            the console on an embedded local pod
  symtui check [--config FILE]           checklist: config, key, login, identity, clock
  symtui get KIND [ARG] [flags]          users, user, rooms, room, members, connections, presence, audit
  symtui members set ROOM --from FILE    make a room's members a list: the plan, or with --apply the changes
  symtui offboard USER [--new-owner U]   take a user out of every room: the plan, then the changes
  symtui emulator [flags]                a local pod in the foreground
  symtui completion bash|zsh|fish        a shell completion script
  symtui version                         the version and the revision it was built from
Each command's --help lists its flags.`

func main() {
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Version: userAgentVersion(version, readBuildInfo)}
	os.Exit(run(os.Args[1:], env))
}

// commands are symtui's commands; "" is the console itself.
func commands() []cli.Command {
	return []cli.Command{
		{Name: "", Run: runConsole},
		{Name: "check", Run: cli.Check},
		{Name: "get", Run: cli.Get},
		{Name: "members", Run: cli.Members},
		{Name: "offboard", Run: cli.Offboard},
		{Name: "emulator", Run: cli.Emulator},
		{Name: "completion", Run: func(args []string, env cli.Env) int { return cli.Completion(args, env, commands()) }},
		{Name: "version", Run: versionCommand},
		{Name: "help", Run: helpCommand},
	}
}

// versionCommand prints the version; it takes no argument.
func versionCommand(args []string, env cli.Env) int {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprintln(env.Stdout, "usage: symtui version\n  the version and the revision it was built from")
		return cli.ExitOK
	case len(args) > 0:
		fmt.Fprintf(env.Stderr, "symtui version: unexpected argument %s (see symtui version --help)\n", ui.Sanitize(strconv.Quote(args[0])))
		return cli.ExitUsage
	}
	fmt.Fprintln(env.Stdout, versionLine(version, readBuildInfo))
	return cli.ExitOK
}

// helpCommand is "symtui help [COMMAND [ARGS]]": the console's help, or
// the command's own, as "symtui COMMAND [ARGS] --help" prints it.
func helpCommand(args []string, env cli.Env) int {
	if len(args) == 0 || args[0] == "help" {
		return consoleHelp(env)
	}
	for _, c := range commands() {
		if c.Name != "" && c.Name == args[0] {
			return c.Run(append(args[1:len(args):len(args)], "--help"), env)
		}
	}
	fmt.Fprintf(env.Stderr, "symtui help: unknown command %s (see symtui --help)\n", ui.Sanitize(strconv.Quote(args[0])))
	return cli.ExitUsage
}

// run dispatches to the command args name; anything else opens the console.
func run(args []string, env cli.Env) int {
	if len(args) > 0 {
		for _, c := range commands() {
			if c.Name != "" && c.Name == args[0] {
				return c.Run(args[1:], env)
			}
		}
	}
	return runConsole(args, env)
}
