package viewtest

import (
	"time"

	"symtui/pod"
	"symtui/pod/presence"
)

// GoldenPresence is the tracker state the goldens show: counts in every
// category, 30 recent changes of users 1 to 3 up to now, one notice.
func GoldenPresence(now time.Time) presence.Snapshot {
	counts := map[pod.Category]int{}
	for i, c := range []pod.Category{
		pod.CategoryUndefined, pod.CategoryAvailable, pod.CategoryBusy, pod.CategoryDoNotDisturb,
		pod.CategoryOnThePhone, pod.CategoryBeRightBack, pod.CategoryInAMeeting, pod.CategoryAway,
		pod.CategoryOutOfOffice, pod.CategoryOffWork, pod.CategoryOffline,
	} {
		counts[c] = 10 * (i + 1)
	}
	var recent []presence.Change
	cats := []pod.Category{pod.CategoryAvailable, pod.CategoryBusy, pod.CategoryAway, pod.CategoryInAMeeting, pod.CategoryOffline}
	for i := range 30 {
		recent = append(recent, presence.Change{
			Seq: uint64(30 - i), UserID: int64(1 + i%3),
			From: cats[i%len(cats)], To: cats[(i+1)%len(cats)],
			At: now.Add(-time.Duration(i) * 7 * time.Second),
		})
	}
	return presence.Snapshot{
		Users: 660, Counts: counts, Recent: recent, Seq: 30,
		Events:   []presence.Event{{Seq: 1, At: now.Add(-time.Minute), Text: "presence feed expired; resynchronised 660 users", Warning: true}},
		EventSeq: 1,
		Started:  now.Add(-10 * time.Minute), LastOK: now.Add(-2 * time.Second), NextPoll: now.Add(3 * time.Second),
		Interval: 5 * time.Second, Synced: true, Resyncs: 1, Polls: 120, Reads: 121,
	}
}
