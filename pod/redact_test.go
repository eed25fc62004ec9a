package pod

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Secret-shaped values: a JWT, a PEM key, a session token (base64 of 32
// random bytes, as the emulator's, and 128 hex characters, as a pod's).
var secretCorpus = []string{
	"eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU",
	"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----",
	"Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq",
	strings.Repeat("0a1b2c3d4e5f6789", 8),
}

func TestSecretName(t *testing.T) {
	for _, n := range []string{"password", "hhPassword", "khSalt", "sessionToken", "keyManagerToken", "privateKey", "apiKey", "jwt", "clientSecret", "Authorization", "user.credentials", "cookie", "key"} {
		if !SecretName(n) {
			t.Errorf("%q is not a secret's name", n)
		}
	}
	for _, n := range []string{"uid", "id", "query", "keywords", "displayName", "email", "streamId", "local", "skip"} {
		if SecretName(n) {
			t.Errorf("%q is taken for a secret's name", n)
		}
	}
}

// The observer hears the call's parameters, path, query and body, with
// every secret withheld by its name or its shape, and the pod's message
// on an error status, withheld the same way; never a token.
func TestObserverHearsParametersWithSecretsWithheld(t *testing.T) {
	msg := `{"code":400,"message":"bad request from ` + secretCorpus[2] + `"}`
	tc := newTestClient(t, Options{}, scripted{status: 400, header: jsonHeader(), body: msg})
	body := map[string]any{
		"userAttributes": map[string]any{"displayName": "Ana", "emailAddress": "ana@example.com"},
		"password":       map[string]any{"hhSalt": "c2FsdA==", "hhPassword": "aGFzaA=="},
		"note":           secretCorpus[0],
		"roles":          []any{"INDIVIDUAL", map[string]any{"token": "t0ps3cret"}},
	}
	cl := call{method: http.MethodPost, route: "/pod/v1/room/{id}/membership/{uid}", params: []string{"AbC_-1", "71"},
		query: url.Values{"local": {"true"}, "apiKey": {"k3y"}, "q": {secretCorpus[3]}}, body: body}
	if err := tc.do(context.Background(), cl, nil); err == nil {
		t.Fatal("want the 400")
	}
	if len(tc.infos) != 1 {
		t.Fatalf("%d attempts heard", len(tc.infos))
	}
	ri := tc.infos[0]
	got := map[string]string{}
	for _, p := range ri.Params {
		got[p.Name] = p.Value
	}
	want := map[string]string{
		"id": "AbC_-1", "uid": "71", "local": "true", "apiKey": Withheld, "q": Withheld,
		"userAttributes.displayName": "Ana", "userAttributes.emailAddress": "ana@example.com",
		"password": Withheld, "note": Withheld, "roles": `["INDIVIDUAL",{"token":"[redacted]"}]`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("param %s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("params %v, want %v", got, want)
	}
	if ri.Message != "bad request from "+Withheld {
		t.Errorf("message %q", ri.Message)
	}
	all := ri.Message
	for _, p := range ri.Params {
		all += p.Name + "=" + p.Value + "\n"
	}
	for _, sec := range append(secretCorpus, "c2FsdA==", "aGFzaA==", "t0ps3cret", "k3y") {
		if strings.Contains(all, sec) {
			t.Errorf("the observer heard the secret %.12q…", sec)
		}
	}
}

// A long value is cut; a body that is not an object is one parameter.
func TestObserverParamsAreBounded(t *testing.T) {
	cl := call{method: http.MethodGet, route: "/pod/v3/users", query: url.Values{"uid": {strings.Repeat("1305670058084,", 200)}}}
	ps := cl.loggedParams(nil)
	if len(ps) != 1 || len(ps[0].Value) > maxParamValue+len("…") || !strings.HasSuffix(ps[0].Value, "…") {
		t.Errorf("params %q", ps)
	}
	ps = (call{route: "/x"}).loggedParams([]byte(`[71,72]`))
	if len(ps) != 1 || ps[0].Name != "body" || ps[0].Value != "[71,72]" {
		t.Errorf("params of an array body: %q", ps)
	}
}
