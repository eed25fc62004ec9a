// Command symtui is a terminal console for the operators of a Symphony pod.
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "version" {
		fmt.Println("symtui", version)
		return
	}
	fmt.Fprintln(os.Stderr, "symtui: usage: symtui version")
	os.Exit(2)
}
