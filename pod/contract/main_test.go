package contract

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := SaveReport(); err != nil {
		fmt.Fprintln(os.Stderr, "contract report:", err)
		code = max(code, 1)
	}
	os.Exit(code)
}
