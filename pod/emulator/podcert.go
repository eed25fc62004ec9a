package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The pod certificate: the certificate of the key a pod signs its JWTs with
// (extension app and OBO tokens), which clients fetch to verify them. The
// legacy Node SDK reads it at start. The emulator signs nothing with it yet,
// so one RSA key per process is made on first use.
var (
	podCertOnce sync.Once
	podCertPEM  []byte
	podCertErr  error
)

func podCertificate() ([]byte, error) {
	podCertOnce.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			podCertErr = fmt.Errorf("pod signing key: %w", err)
			return
		}
		now := time.Now()
		tmpl := &x509.Certificate{
			SerialNumber:          serial(),
			Subject:               pkix.Name{CommonName: "symtui emulator pod", Organization: []string{"symtui emulator"}},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(caLifetime),
			KeyUsage:              x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			podCertErr = fmt.Errorf("pod certificate: %w", err)
			return
		}
		podCertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	})
	return podCertPEM, podCertErr
}

// handlePodCert is GET /pod/v1/podcert: PodCertificate {certificate: PEM}.
// The spec declares no session for it.
func (e *Emulator) handlePodCert(w http.ResponseWriter, r *http.Request) {
	cert, err := podCertificate()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Server error, see response body for further details.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"certificate": string(cert)})
}
