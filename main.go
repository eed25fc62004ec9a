// Command symtui is a terminal console for the operators of a Symphony pod.
//
//	symtui [--config FILE] [--read-only]   the console on a real pod
//	symtui --demo                          the console on an embedded emulator
//	symtui check [--config FILE]           checklist: config, key, login, identity, clock
//	symtui get ...                         the same client, for scripts
//	symtui emulator [flags]                a local pod in the foreground
//	symtui version
package main

import (
	"fmt"
	"os"

	"symtui/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage:
  symtui [--config FILE] [--read-only]   the console on a pod (BDK config, default ~/.symphony/config.yaml)
  symtui --demo [--read-only]            the console on an embedded local pod
  symtui check [--config FILE]           checklist: config, key, login, identity, clock
  symtui get KIND [ARG] [flags]          users, user, rooms, room, members, connections, presence, audit
  symtui emulator [flags]                a local pod in the foreground
  symtui version`

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: version}
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "--help":
			fmt.Fprintln(env.Stdout, usage)
			return cli.ExitOK
		case "version":
			fmt.Fprintln(env.Stdout, "symtui", version)
			return cli.ExitOK
		case "emulator":
			return cli.Emulator(args[1:], env)
		case "check":
			return cli.Check(args[1:], env)
		case "get":
			return cli.Get(args[1:], env)
		}
	}
	return runConsole(args, env)
}
