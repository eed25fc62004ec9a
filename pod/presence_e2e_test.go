package pod_test

import (
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
)

func TestE2EPresence(t *testing.T) {
	p := startPod(t, emulator.Options{Users: 6000}, pod.Options{})
	ctx := testContext(t)
	c := p.client

	mine, err := c.SetPresence(ctx, pod.CategoryBusy, false)
	if err != nil || mine.Category != pod.CategoryBusy || mine.UserID != p.emu.Credentials.BotUserID {
		t.Fatalf("set own presence = %+v, %v", mine, err)
	}
	if got, err := c.Presence(ctx); err != nil || got.Category != pod.CategoryBusy {
		t.Fatalf("own presence = %+v, %v", got, err)
	}

	all, err := pod.Collect(c.AllPresence(ctx))
	if err != nil {
		t.Fatal(err)
	}
	pages := p.requests("GET /pod/v2/users/presence")
	if len(all) <= 5000 || pages != len(all)/5000+1 {
		t.Fatalf("%d presences in %d requests", len(all), pages)
	}
	for i := 1; i < len(all); i++ {
		if all[i].UserID <= all[i-1].UserID {
			t.Fatalf("presence %d (user %d) after user %d: not strictly ascending, so missing or repeated", i, all[i].UserID, all[i-1].UserID)
		}
	}
	t.Logf("walked %d presences in %d requests", len(all), pages)

	someone := all[len(all)/2].UserID
	set, err := c.SetUserPresence(ctx, someone, pod.CategoryOutOfOffice, false)
	if err != nil || set.Category != pod.CategoryOutOfOffice {
		t.Fatalf("set user presence = %+v, %v", set, err)
	}
	if got, err := c.UserPresence(ctx, someone, true); err != nil || got.Category != pod.CategoryOutOfOffice {
		t.Fatalf("user presence = %+v, %v", got, err)
	}
	if _, err := c.UserPresence(ctx, 1, true); !pod.IsNotFound(err) {
		t.Fatalf("presence of an unknown user: %v", err)
	}
}

func TestE2EPresenceFeed(t *testing.T) {
	// A read-only client: feeds and interest registration are reads for the pod's data.
	p := startPod(t, emulator.Options{Users: 3000}, pod.Options{ReadOnly: true})
	ctx := testContext(t)
	c := p.client

	feed, err := c.CreatePresenceFeed(ctx)
	if err != nil || feed == "" {
		t.Fatalf("create feed: %q %v", feed, err)
	}
	if first, err := c.ReadPresenceFeed(ctx, feed); err != nil || len(first.Records) != 0 || !first.Complete() {
		t.Fatalf("first read of a quiet pod = %+v, %v", first, err)
	}
	p.emu.Burst(2000) // more changed users than one read returns
	var reads, total int
	for {
		read, err := c.ReadPresenceFeed(ctx, feed)
		if err != nil || !read.Complete() {
			t.Fatal(read.Skipped, read.Replayed, err)
		}
		batch := read.Records
		reads++
		total += len(batch)
		if len(batch) > pod.FeedReadMax {
			t.Fatalf("a read returned %d records", len(batch))
		}
		if len(batch) < pod.FeedReadMax {
			break
		}
	}
	if reads < 2 || total <= pod.FeedReadMax {
		t.Fatalf("drained %d changes in %d reads", total, reads)
	}
	t.Logf("drained %d changed presences in %d reads", total, reads)

	if err := c.RegisterPresenceInterest(ctx, p.emu.Credentials.PlainUserID); err != nil {
		t.Fatalf("register interest: %v", err)
	}
	if err := c.DeletePresenceFeed(ctx, feed); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadPresenceFeed(ctx, feed); !pod.IsBadRequest(err) {
		t.Fatalf("read of a deleted feed: %v", err)
	}

	other, err := c.CreatePresenceFeed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.emu.ExpireFeeds()
	if _, err := c.ReadPresenceFeed(ctx, other); !pod.IsBadRequest(err) {
		t.Fatalf("read of an expired feed: %v", err)
	}
}
