package session

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// credentials are the parsed secrets a Session logs in with.
type credentials struct {
	botKey     *rsa.PrivateKey
	appKey     *rsa.PrivateKey
	clientCert *tls.Certificate
	roots      *x509.CertPool // system roots plus ssl.trustStore; nil = system roots only
}

// loadCredentials reads and parses every key, certificate and trust store the
// config names. Errors name the config key and the file path, never the key
// material; a key file others can read is a warning.
func loadCredentials(cfg *Config) (*credentials, []Warning, error) {
	c := &credentials{}
	var warns []Warning
	var err error
	if cfg.Bot.PrivateKey.IsSet() {
		c.botKey, err = loadRSAKey(cfg.Bot.PrivateKey, "bot.privateKey", cfg.Path, &warns)
		if err != nil {
			return nil, warns, err
		}
	}
	if cfg.Bot.Certificate.IsSet() {
		c.clientCert, err = loadClientCert(cfg.Bot.Certificate, "bot.certificate", cfg.Path, &warns)
		if err != nil {
			return nil, warns, err
		}
	}
	if cfg.App.PrivateKey.IsSet() {
		c.appKey, err = loadRSAKey(cfg.App.PrivateKey, "app.privateKey", cfg.Path, &warns)
		if err != nil {
			return nil, warns, err
		}
	}
	c.roots, err = loadTrustStore(cfg)
	return c, warns, err
}

func checkCredentials(cfg *Config) ([]Warning, error) {
	_, warns, err := loadCredentials(cfg)
	return warns, err
}

// readSecretFile reads path or inline content; which is the config key
// actually used ("bot.privateKey.path" or "bot.privateKey.content").
func readSecretFile(path string, content Secret, key, file string, warns *[]Warning) (data []byte, which string, err error) {
	if content != "" {
		which = key + ".content"
		data, err = decodeInline(string(content))
		if err != nil {
			return nil, which, &ConfigError{File: file, Key: which, Message: err.Error()}
		}
		return data, which, nil
	}
	which = key + ".path"
	data, err = os.ReadFile(path)
	if err != nil {
		return nil, which, &ConfigError{File: file, Key: which, Message: fmt.Sprintf("cannot read the file: %v", err)}
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		*warns = append(*warns, Warning{File: file, Key: which, Message: fmt.Sprintf(
			"%s can be read by other users (mode %04o); run: chmod 600 %s", path, st.Mode().Perm(), path)})
	}
	return data, which, nil
}

// decodeInline accepts a PEM string, a one-line PEM with literal "\n"
// escapes (what people paste into YAML), or base64 of a PEM or DER key
// (how Jackson binds a string to the Java BDK's byte[] content).
func decodeInline(s string) ([]byte, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), `\n`, "\n")
	if strings.Contains(s, "-----BEGIN") {
		// YAML indentation can leave spaces at line starts, which PEM rejects.
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		return []byte(strings.Join(lines, "\n") + "\n"), nil
	}
	compact := strings.Join(strings.Fields(s), "")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(compact); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("neither PEM (-----BEGIN ...) nor base64 of a key")
}

func loadRSAKey(ks KeySource, key, file string, warns *[]Warning) (*rsa.PrivateKey, error) {
	data, which, err := readSecretFile(ks.Path, ks.Content, key, file, warns)
	if err != nil {
		return nil, err
	}
	k, err := parseRSAKey(data)
	if err != nil {
		msg := err.Error()
		if ks.Content == "" {
			msg = ks.Path + ": " + msg
		}
		return nil, &ConfigError{File: file, Key: which, Message: msg}
	}
	return k, nil
}

var errEncryptedKey = errors.New("the private key is encrypted, which the pod login cannot use; " +
	"decrypt it with: openssl pkey -in key.pem -out key-plain.pem (then chmod 600)")

// parseRSAKey accepts PKCS#1 ("RSA PRIVATE KEY") and PKCS#8 ("PRIVATE KEY")
// PEM, or the same as raw DER. Error messages never quote the input.
func parseRSAKey(data []byte) (*rsa.PrivateKey, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		if k, err := x509.ParsePKCS8PrivateKey(data); err == nil {
			return asRSA(k)
		}
		if k, err := x509.ParsePKCS1PrivateKey(data); err == nil {
			return k, nil
		}
		return nil, errors.New("not a PEM or DER private key")
	}
	var sawPublic bool
	for rest := data; ; {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
			return nil, errEncryptedKey
		}
		switch block.Type {
		case "ENCRYPTED PRIVATE KEY":
			return nil, errEncryptedKey
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("malformed PKCS#1 RSA key: %v", err)
			}
			return k, nil
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("malformed PKCS#8 key: %v", err)
			}
			return asRSA(k)
		case "EC PRIVATE KEY":
			return nil, errors.New("this is an EC key; Symphony logins need an RSA key")
		case "OPENSSH PRIVATE KEY":
			return nil, errors.New("this is an OpenSSH-format key; convert it to PEM with: ssh-keygen -p -m PEM -f <file>")
		case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
			sawPublic = true
		}
	}
	if sawPublic {
		return nil, errors.New("this holds a public key or certificate, not the private key")
	}
	return nil, errors.New("no private key found; expected -----BEGIN RSA PRIVATE KEY----- (PKCS#1) or -----BEGIN PRIVATE KEY----- (PKCS#8)")
}

func asRSA(k any) (*rsa.PrivateKey, error) {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return nil, errors.New("this is an ECDSA key; Symphony logins need an RSA key")
	case ed25519.PrivateKey:
		return nil, errors.New("this is an Ed25519 key; Symphony logins need an RSA key")
	default:
		return nil, fmt.Errorf("this is a %T key; Symphony logins need an RSA key", k)
	}
}

// loadClientCert reads a PEM holding the certificate chain and its private
// key. PKCS#12 is not supported: it is named in the error with the
// conversion command.
func loadClientCert(cs CertSource, key, file string, warns *[]Warning) (*tls.Certificate, error) {
	data, which, err := readSecretFile(cs.Path, cs.Content, key, file, warns)
	if err != nil {
		return nil, err
	}
	fail := func(msg string) error {
		if cs.Content == "" {
			msg = cs.Path + ": " + msg
		}
		return &ConfigError{File: file, Key: which, Message: msg}
	}
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		return nil, fail("not a PEM file; a PKCS#12 (.p12/.pfx) file must be converted: openssl pkcs12 -in bot.p12 -out bot.pem -nodes")
	}
	var certPEM, keyPEM []byte
	for rest := data; ; {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		switch {
		case block.Type == "CERTIFICATE":
			certPEM = append(certPEM, pem.EncodeToMemory(block)...)
		case block.Type == "ENCRYPTED PRIVATE KEY":
			return nil, fail(errEncryptedKey.Error())
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
				if cs.Password == "" {
					return nil, fail("the private key is encrypted; set " + key + ".password or decrypt it")
				}
				//lint:ignore SA1019 legacy PEM encryption is what such files use; no better API exists
				der, err := x509.DecryptPEMBlock(block, []byte(cs.Password)) //nolint:staticcheck
				if err != nil {
					return nil, fail("cannot decrypt the private key: wrong " + key + ".password?")
				}
				block = &pem.Block{Type: block.Type, Bytes: der}
			}
			keyPEM = pem.EncodeToMemory(block)
		}
	}
	switch {
	case certPEM == nil:
		return nil, fail("no -----BEGIN CERTIFICATE----- block found")
	case keyPEM == nil:
		return nil, fail("no private key found; the file must hold the certificate and its unencrypted key")
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fail("certificate and key do not form a pair: " + err.Error())
	}
	return &cert, nil
}

// loadTrustStore returns the system roots plus the configured PEM bundle, or
// nil (meaning: system roots) when none is configured.
func loadTrustStore(cfg *Config) (*x509.CertPool, error) {
	if cfg.TrustStorePath == "" && cfg.TrustStorePEM == "" {
		return nil, nil
	}
	key, data, err := "ssl.trustStore.path", []byte(nil), error(nil)
	if cfg.TrustStorePath != "" {
		data, err = os.ReadFile(cfg.TrustStorePath)
	} else {
		key = "ssl.trustStore.content"
		data, err = decodeInline(cfg.TrustStorePEM)
	}
	if err != nil {
		return nil, &ConfigError{File: cfg.Path, Key: key, Message: fmt.Sprintf("cannot read it: %v", err)}
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, &ConfigError{File: cfg.Path, Key: key, Message: "no PEM certificates found " +
			"(JKS and PKCS#12 stores are not supported: export the CA certificates as PEM)"}
	}
	return pool, nil
}
