# English interface of jpoa-tracker. Every id here must also be in ru.ftl
# (a unit test checks). Counts are Fluent numbers: use select expressions.

## Frame

app-name = JPoA Tracker
app-tagline = Central Asia · UN Global Counter-Terrorism Strategy · 2022–2031
skip-to-content = Skip to content
nav-label = Main
nav-dashboard = Dashboard
nav-commitments = Commitments
nav-review = Review queue
nav-my-updates = My updates
nav-reports = Reports
nav-accounts = Accounts
sign-out = Sign out
lang-switch-label = Language
footer-text = Records the commitments of the updated Joint Plan of Action for the implementation of the UN Global Counter-Terrorism Strategy in Central Asia (Tashkent, March 2022) and their progress.
form-error-lead = Please correct this:
title-untranslated = (no English text)

## Error pages

error-title-401 = Unauthorized
error-title-403 = Forbidden
error-title-404 = Not Found
error-title-409 = Conflict
error-title-413 = Payload Too Large
error-title-422 = Unprocessable Entity
error-title-500 = Internal Server Error
error-title-other = Error
error-go-dashboard = Go to the dashboard
error-internal = Something went wrong on our side. Nothing was saved; please try again.
error-internal-reference = Something went wrong on our side and nothing was saved. If it happens again, give this reference to the administrator: { $id }
error-not-found = There is nothing at this address.
error-sign-in-first = Please sign in first.
error-too-large = request body too large

## Vocabulary

role-admin = Administrator
role-reviewer = Reviewer (UNOCT)
role-focal-point = National focal point
role-donor = Donor
status-no_information = No information
status-not_started = Not started
status-limited = Limited progress
status-substantial = Substantial progress
status-complete = Complete
status-help-not_started = No action has begun yet in this period.
status-help-limited = Some first steps taken; most of the work remains.
status-help-substantial = Most of the work is done or well under way.
status-help-complete = The commitment is fully implemented for this track.
state-draft = Draft
state-submitted = Awaiting review
state-returned = Returned
state-accepted = Accepted
pillar-numbered = Pillar { $roman }
count-tracks = { $n ->
    [one] { $n } track
   *[other] { $n } tracks
}
your-own-country = your own country
demo-badge = demo
for-what = for { $what }

## Field names inside messages

field-narrative = narrative
field-comment = comment
field-name = name
field-email = email
field-evidence-link = evidence link

## Labels and filters

label-email = Email
label-password = Password
label-password-again = Password again
label-your-name = Your name
label-name = Name
label-role = Role
label-country = Country
label-country-focal-only = Country (focal points only)
label-pillar = Pillar
label-theme = Theme
label-status = Status
label-search = Search
label-document = Document
label-target-year = Target year
label-period = Reporting period
label-comment = Comment
label-narrative-en = What was done (English)
label-narrative-ru = What was done (Russian)
label-evidence = Link to evidence (optional)
filter-all = All
filter-apply = Filter
filter-clear = Clear
col-code = Code
col-commitment = Commitment
col-target = Target
col-tracks = Tracks
col-update = Update
col-period = Period
col-state = State
col-submitted = Submitted
col-account-state = State
col-action = Action

## Validation

invalid-lang = lang must be en or ru
invalid-pillar = pillar must be 1, 2, 3 or 4
invalid-theme = theme must be a code of lower-case letters, digits and hyphens
invalid-as-of = as_of must be a date written YYYY-MM-DD
invalid-date = { $field } must be a date written YYYY-MM-DD
invalid-country = country must be one of KZ, KG, TJ, TM, UZ or REG
invalid-period = period must be YYYY, YYYY-H1 or YYYY-H2 with a year from { $start } to { $end }
invalid-role = role must be admin, reviewer, focal-point or donor
invalid-status = status must be not_started, limited, substantial or complete
invalid-track-status = status must be no_information, not_started, limited, substantial or complete
invalid-update-state = unknown update state
invalid-decision = decision must be accept or return
invalid-control-chars = { $field } contains a control character; remove it and try again
invalid-too-long = { $field } is { $n } characters long; at most { $max } are allowed
invalid-required = { $field } is required
invalid-email = email must be an address like name@example.org
invalid-evidence-url = evidence link must be a web address starting with https:// or http://
invalid-password-short = password must be at least { $min } characters long
invalid-password-long = password must be at most { $max } characters long
invalid-password-nul = password contains a NUL character
err-form-unreadable = the form could not be read: { $detail }
err-query-unreadable = the address could not be read: { $detail }
err-passwords-differ = the two passwords are not the same
err-email-taken = an account with this email already exists
err-focal-point-needs-country = a focal point needs a country
err-focal-point-not-regional = a focal point belongs to one of the five states, not the regional track
err-only-focal-points-country = only focal points have a country
err-narrative-required = say what was done, in English, Russian or both
err-return-needs-comment = say what should change when you return an update

## Refusals

err-link-expired = This link has expired or has already been used. Ask an administrator for a new one.
err-donor-read-only = Donors can read the record but not write to it.
err-own-country-only = You can log progress for { $country } only.
err-reviewers-only = Only reviewers and administrators review updates.
err-admins-only = Only administrators can do this.
err-author-only-revises = Only the author of an update can revise it.
err-only-returned-revised = Only a returned update can be revised.
err-already-revised = This update has already been revised.
err-revise-returned-only = Only a returned update that has not been revised yet can be revised.
err-own-review = You cannot review an update you wrote; another reviewer must decide on it.
err-already-decided = This update is already { $state }; only a submitted update can be reviewed.
err-decided-first = This update was decided by someone else first.
err-deactivate-self = You cannot deactivate your own account.
err-period-not-begun = the period { $period } has not begun yet: report on it once it has
account-edit = Edit
account-edit-title = Edit account { $who }
account-edit-hint = A change of role or country applies from the person's next page. The password stays as it is; use "New password link" on the accounts page for a new one.
account-edit-submit = Save changes
done-account-saved = The account was saved.
err-account-stale = Someone else changed this account since you opened the page. The page now shows the saved values; make your change again.
err-change-own-role = You cannot take the administrator role from your own account.
err-reactivate-first = Reactivate the account first.

## Sign-in and password links

sign-in = Sign in
sign-in-hint = Accounts are created by an administrator. If you have lost your password, ask them for a new link.
sign-in-failed = The email or password is not right.
sign-in-throttled = Too many sign-in attempts. Please wait { $seconds } seconds and try again.
setup-title-invited = Choose your password
setup-title-admin = Create the first administrator
setup-welcome = Welcome, { $name }. Your account { $email } is ready; choose a password to sign in.
setup-admin-intro = This one-time link sets up the administrator account. The administrator then creates accounts for focal points, reviewers and donors.
password-hint = At least { $min } characters. A few unrelated words make a strong one.
setup-submit = Save and sign in

## Dashboard

dashboard-title = Dashboard
dashboard-heading = Implementation status
dashboard-lead = Status of every track of the Joint Plan of Action by pillar and country, from the latest accepted progress update of each track.
tasks-heading = Your work
tasks-log-progress-for = Log progress for { $country }
tasks-log-progress-own = Log progress for your country
tasks-returned-to-you = { $n } returned to you for revision
tasks-awaiting-review = { $n } awaiting review
tasks-awaiting-your-review = { $n ->
    [one] { $n } update awaiting your review
   *[other] { $n } updates awaiting your review
}
tasks-yours-returned = { $n ->
    [one] { $n } of your updates returned
   *[other] { $n } of your updates returned
}
tasks-manage-accounts = Manage accounts
tasks-donor-lead = Every figure comes from accepted progress updates.
tasks-donor-reports-link = Download the reports
tasks-donor-reports-after = to cite them, with who reported what and when.
matrix-caption = Tracks by pillar and country, counted by status
matrix-no-tracks = no tracks
matrix-cell-label = Pillar { $pillar }, { $country }: { $n ->
    [one] { $n } track
   *[other] { $n } tracks
}
legend-label = Status legend

## Commitments

commitments-title = Commitments
commitments-shown = { $commitments ->
    [one] { $commitments } commitment
   *[other] { $commitments } commitments
}, { $tracks ->
    [one] { $tracks } track
   *[other] { $tracks } tracks
} shown.
commitments-download-csv = Download these tracks as CSV
commitments-none = No commitment matches these filters.
illustrative-badge = illustrative
illustrative-title = Paraphrased from public reporting; not the official text of the plan
illustrative-hint = This commitment is illustrative: paraphrased from public reporting on the plan. The official text can be loaded by an administrator.
log-progress = Log progress
latest-report = latest report: { $period }
history-empty = No progress reported yet.
history-showing-latest = Showing the latest { $n } updates.
history-show-all = Show all
update-number = Update #{ $id }
narrative-missing-en = No English text provided
narrative-missing-ru = No Russian text provided
evidence-label = Evidence:
submitted-by = Submitted by { $name }
on-date = on { $when }
accepted-by = accepted by { $name }
returned-by = returned by { $name }
reviewer-comment = Reviewer's comment:

## Updates and review

period-hint = The half-year or whole year this update covers (2022–2031).
status-legend = Status at the end of the period
narrative-hint = Say what was done in the period, by whom, and what changed. Name laws, programmes, dates and figures that a reader can check. Write in English, Russian or both.
evidence-hint = A public web address of a law, report, news item or document that shows the progress.
track-label = Track:
submit-for-review = Submit for review
resubmit-for-review = Resubmit for review
done-submitted = Your update was submitted. A reviewer will accept it or return it with a comment.
done-accepted = The update was accepted and now counts toward the track's status.
done-returned = The update was returned to its author with your comment.
revises-before = This update revises
revises-link = update #{ $id }
revises-after = , which was returned.
revised-by = Revised by
revised-by-link = update #{ $id }
review-own-update = You wrote this update, so another reviewer must decide on it.
revise-and-resubmit = Revise and resubmit
review-title = Review
review-decision-heading = Your decision
review-status-now = The track's status now:
comment-hint = Required when you return an update: say what should change.
review-accept = Accept
review-return = Return to author
revise-title = Revise update
revise-heading = Revise update #{ $id }
revise-hint = Your revision is a new update; the returned one stays on the record.
revise-link = Revise
yours-marker = (yours)
queue-title = Review queue
queue-count = { $n ->
    [one] { $n } update awaits a decision, oldest first.
   *[other] { $n } updates await a decision, oldest first.
}
my-updates-title = My updates
my-updates-returned = { $n } returned to you
my-updates-returned-after = : read the reviewer's comment, revise and resubmit.
my-updates-empty = You have not logged any progress yet. Open a commitment to log progress on one of your tracks.

## Reports

reports-title = Reports
reports-lead = Every report as CSV (UTF-8, Cyrillic included; with “,” or “;” between fields) and as an Excel workbook (XLSX) with an “About” sheet. Only accepted updates count. Each file can be traced: the progress report names who submitted and who accepted every update, and when.
reports-from-period = From period
reports-to-period = To period
reports-as-of = As of date
reports-apply = Apply filters
reports-periods-hint = Periods are written 2024, 2024-H1 or 2024-H2. “As of” gives the record as it stood at the end of that day: updates accepted later do not count.
reports-download = Download
report-commitments = One row per track: each commitment for each country and the regional track, with its current status.
report-progress = One row per accepted progress update, with who submitted and who accepted it, and when.
report-status-matrix = Counts of tracks by status for each pillar and country.
report-timeline = Counts of tracks by status at the end of each year 2022–2031, for each pillar and country.

## Accounts and audit log

accounts-title = Accounts
accounts-audit-after = : every account change, sign-in and review decision.
account-deactivated = Deactivated
account-invited = Invited (no password yet)
account-active = Active
account-deactivate = Deactivate
account-reactivate = Reactivate
account-new-link = New password link
account-create-heading = Create an account
account-create-hint = The new person gets a one-time link, valid for 7 days, to choose their own password. Nobody else ever knows it.
account-create-submit = Create account
link-notice = Send this one-time link to { $who } so they can choose a password. It is shown only now and works once, for 7 days:
done-setup = Your administrator account is ready. Create accounts for focal points, reviewers and donors below.
done-deactivated = The account was deactivated; its sessions and tokens have ended.
done-activated = The account was reactivated.
audit-title = Audit log
audit-lead = Every change to accounts and to the progress record, and every sign-in, with who did it and when (UTC). Nothing here can be edited or deleted.
audit-who-email = Who (email)
audit-from = From
audit-to = To
audit-count = { $n ->
    [one] { $n } matching entry, newest first.
   *[other] { $n } matching entries, newest first.
}
audit-download = Download all matching entries as CSV
audit-col-when = When (UTC)
audit-col-who = Who
audit-col-action = Action
audit-col-subject = Subject
audit-col-before = Before
audit-col-after = After

## Ten years in view: as-of dates, due reports, charts, snapshots, formats

nav-due = Due and overdue
nav-snapshots = Snapshots
asof-banner = You are looking at the record as it stood at the end of { $day }: updates accepted later do not count.
asof-back-today = Back to today
asof-years = Year-end views
asof-today = Today
past-target = Past target year { $year }
past-target-hint = The target year has passed and this track is not complete.

due-title = Due and overdue reports
due-lead = Reports owed as of { $day }: a report is overdue once its deadline has passed without it, and due while its deadline is ahead. A later report also covers an earlier missing one; a complete track owes nothing more.
due-summary = By country and pillar
due-summary-caption = Reports overdue and due, by country and pillar
due-n-overdue = { $n } overdue
due-n-due = { $n } due
due-overdue = Overdue
due-due = Due
due-list = Reports owed
due-nothing = Nothing is due or overdue.
due-col-state = State
due-col-commitment = Commitment
due-col-deadline = Deadline
due-days-late = { $n ->
    [one] { $n } day late
   *[other] { $n } days late
}
due-days-left = { $n ->
    [0] due today
    [one] { $n } day left
   *[other] { $n } days left
}
due-yours = Reports your country owes
due-see-all = See everything due and overdue
due-tasks-overdue = { $n ->
    [one] { $n } report overdue
   *[other] { $n } reports overdue
}

reporting-title = Reporting cycles
reporting-lead = For each outcome document: how often tracks report, and how many days after the end of a period its report is due. With 31 days, the year's report is due by 31 January of the next year.
reporting-saved = The reporting cycle was saved.
reporting-cycle = Reporting cycle
cycle-annual = Annual (one report per year)
cycle-semiannual = Semi-annual (one report per half-year)
reporting-due-days = Days after the end of the period
reporting-due-days-hint = A whole number from 0 to 365.
reporting-save = Save
reporting-last-changed = Last changed { $at }
err-schedule-stale = Someone else changed this reporting cycle since you opened the page. The page now shows the saved values; make your change again.
invalid-cycle = the reporting cycle must be annual or semi-annual
invalid-due-days = days until due must be a whole number from 0 to 365

chart-total = Total
chart-by-pillar = Status of tracks by pillar
chart-by-country = Status of tracks by country
chart-over-years = Status of tracks at the end of each year, 2022–2031
chart-summary-bars = Stacked bars: the number of tracks in each status. The same figures are in the table below.
chart-summary-years = Stacked columns, one per year: the number of tracks in each status at the end of that year. The same figures are in the table below.
chart-col-year = Year
charts-heading = Charts
timeline-title = Ten years of this commitment
timeline-summary = One line per track from 2022 to 2031: a mark for each period with an accepted report (its status), an open circle for a report in review, a line at the end of the target year. The reports are listed in words under each track below.
timeline-target = Target year
timeline-today = As-of date
timeline-in-review = in review

snapshots-title = Snapshots
snapshots-lead = A snapshot freezes the four reports as of a date, for citing: its files never change, and each one's SHA-256 checksum is shown so that anyone can check a copy.
snapshots-none = No snapshot has been frozen yet.
snapshot-name = Name
snapshot-name-example = e.g. Mid-term review 2026
snapshot-as-of = As of
snapshot-filters = Filters
snapshot-no-filters = none (all pillars and countries)
snapshot-frozen = Frozen
snapshot-freeze-heading = Freeze a snapshot
snapshot-freeze-hint = The reports are computed as of the end of the chosen day, from what had been accepted by then and by now; updates accepted later never enter the snapshot.
snapshot-freeze-submit = Freeze snapshot
snapshot-fixed-explain = These files are fixed: downloading one again gives the same bytes. The checksum of a downloaded file must equal the one shown here.
snapshot-file = File
snapshot-files-label = Files and their checksums
snapshot-format = Format
snapshot-size = Bytes
snapshot-verify-hint = To check a file: sha256sum FILE (Linux), shasum -a 256 FILE (macOS) or certutil -hashfile FILE SHA256 (Windows).
snapshot-link = Citable snapshots
err-snapshot-name-taken = a snapshot with this name exists already
err-snapshot-future = a snapshot's as-of date cannot be in the future
err-snapshot-no-xlsx = this file is not part of the snapshot: the report has more rows than one Excel sheet holds; download the CSV
err-xlsx-too-many-rows = the report has more rows than one Excel sheet holds: narrow the filters or download the CSV, which has no row limit
invalid-sep = sep must be comma or semicolon (CSV only)
invalid-format = a report is .csv or .xlsx

format-csv = CSV
format-csv-semicolon = CSV (;)
format-xlsx = Excel (XLSX)
reports-formats-hint = CSV with “;” opens directly in Excel set to Russian and most European languages. Name columns (pillar_name, country_name, status_label) follow the language chosen here; the other columns never change.
reports-names-language = Language of name columns
invalid-period-order = the period 'to' comes before 'from'
invalid-report = report must be commitments, progress, status-matrix or timeline
err-due-not-for-donors = Due and overdue reports are for focal points, reviewers and administrators.
about-source = Source
about-report = Report
about-description = Description
about-rows = Rows
about-as-of = As of
about-as-of-none = the time of generation
about-generated = Generated at (UTC)
about-snapshot = Snapshot
about-snapshot-none = none (live)
about-lang = Language of names
about-filters = Filters
about-filters-none = none
about-filter = Filter: { $name }
invalid-password-guessable = this password is too easy to guess: it is a common password, close to one, or made of your name or address. A few unrelated words make a good password.
account-title = Your account
account-password-heading = Change your password
account-password-hint = { $min } to { $max } characters; not a common password. Changing it signs you out everywhere else, and API tokens stop working.
account-current-password = Current password
account-new-password = New password
account-repeat-password = New password again
account-change-password = Change password
account-password-changed = Your password was changed. Every other session and API token of your account has ended.
err-current-password-wrong = the current password is not right

## Pages of long lists
paging-label = Pages
paging-showing = Showing { $from }–{ $to } of { $total }
paging-page-of = Page { $page } of { $last }
paging-prev = Previous page
paging-next = Next page
paging-past-end = There is nothing on page { $page }: the list has { $total } in all.
paging-go-last = Go to the last page ({ $page })
err-page = The page number must be a whole number from 1 up.
my-updates-count = { $n ->
    [one] { $n } update in all.
   *[other] { $n } updates in all.
}
accounts-count = { $n ->
    [one] { $n } account.
   *[other] { $n } accounts.
}
history-page-heading = All updates of this track
history-back-latest = Back to the latest updates only
