// Package views is the home of the console's tabs, one package each:
// users, rooms (with members and bulk add), connections and presence, and
// tab, what they share. Its own tests run every tab together in one
// console: the hostile corpus on every screen, and the NO_COLOR goldens.
package views
