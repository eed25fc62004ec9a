package pod_test

import (
	"fmt"
	"os"
	"testing"

	"symtui/pod/contract"
)

// TestMain leaves the list of operations the contract validator saw in
// $SYMTUI_CONTRACT_REPORT_DIR when that is set (make contract-report).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := contract.SaveReport(); err != nil {
		fmt.Fprintln(os.Stderr, "contract report:", err)
	}
	os.Exit(code)
}
