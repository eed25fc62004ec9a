// Package presence is the presence pane, tab 4 and a pane beside any tab:
// counts per category, the recent changes with names, the feed's state,
// and setting one's own or another user's presence. It drives the tracker
// of pod/presence (imported under the same name) and is what sends
// tab.PresenceChangedMsg to the other tabs.
package presence
