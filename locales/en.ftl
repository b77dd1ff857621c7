# English interface of jpoa-tracker. Every id here must also be in ru.ftl
# (a unit test checks). Counts are Fluent numbers: use select expressions.

## Frame

app-name = JPoA Tracker
app-description = JPoA Tracker: the commitments of the Central Asia Joint Plan of Action for the UN Global Counter-Terrorism Strategy, and their progress by pillar and country.
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
error-cross-site = This form was sent from another site, so it was refused and nothing was changed. Open the page on this site and send it from there.
error-too-large = request body too large
error-uri-too-long = The address of this request is too long.
error-headers-too-large = The headers of this request are too large.
error-busy-passwords = The server is checking many passwords at the moment. Please try again in { $seconds } seconds.
error-busy-files = The server is preparing other files at the moment. Please try again in { $seconds } seconds.

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
status-help-not_started = No action has begun yet on this track.
status-help-limited = First steps taken (e.g. a plan drafted, a first training held); most of the work remains.
status-help-substantial = Most of the work is done or well under way (e.g. a law adopted and being applied).
status-help-complete = Fully implemented for this track; no further updates are owed.
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
choose-role = — Choose a role —
err-role-needed = choose the person's role
invalid-status = status must be not_started, limited, substantial or complete
invalid-track-status = status must be no_information, not_started, limited, substantial or complete
invalid-update-state = unknown update state
invalid-decision = decision must be accept or return
invalid-control-chars = { $field } contains a control character or an invisible formatting character (such as a right-to-left override); remove it and try again
invalid-unreadable-chars = { $field } contains characters that could not be read (the text was not sent as UTF-8); type it again and try again
invalid-too-long = { $field } is { $n } characters long; at most { $max } are allowed
invalid-required = { $field } is required
invalid-not-text = { $field } must be a string
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
err-own-review = You cannot review an update you wrote; another reviewer must decide on it.
err-already-decided = This update is already { $state }; only a submitted update can be reviewed.
err-decided-first = This update was decided by someone else first.
err-deactivate-self = You cannot deactivate your own account.
err-own-password-link = You cannot issue a password link for your own account: change your password on your account page, which asks for the current one.
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
sign-in-hint = Accounts are created by an administrator. If you have lost your password, get a new link by mail, or ask them.
sign-in-failed = The email or password is not right.
sign-in-throttled = Too many sign-in attempts. Please wait { $seconds } seconds and try again.
forgot-link = Forgot your password?
forgot-title = Forgot your password?
forgot-intro = Type the email address of your account. If it has one, a mail with a link to choose a new password is sent to it; the link works once, for one hour.
forgot-submit = Send me a link
forgot-asked = If an account exists for that address, a mail with a link to choose a new password is on its way. The link works once, for one hour. Nothing came? Check your spam folder, or ask your administrator.
forgot-no-mail = This tracker does not send mail yet: ask your administrator for a new password link.
forgot-back = Back to sign-in
err-email-needed = type the email address of your account
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
latest-report = latest update: { $period }
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
narrative-hint = A good narrative says what was done in the period, by whom, and what changed as a result, with laws, programmes, dates and figures a reader can check; for example: "In March 2025 the Border Service trained 45 officers in risk analysis; the course is now in its annual plan." Avoid "work continued". Write in English, Russian or both.
evidence-hint = Good evidence is a public, lasting web address that shows the progress: the law as published, an official report, a government news item. If nothing is public, name the document in the narrative.
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

## Drafts, the conversation on an update, and text kept

save-draft = Save draft
draft-hint = A draft is seen by you alone, however long you keep it: nobody reviews it, and it counts nowhere until you submit it.
draft-title = Draft
draft-heading = Draft #{ $id }
draft-yours-alone = This is your draft: nobody else sees it, and it counts nowhere until you submit it.
draft-edit = Edit or submit the draft
draft-edit-link = Edit
drafted-by = Draft by { $name }
done-draft-saved = Your draft was saved. Nobody else sees it; submit it when it is ready.
done-already-sent = This form had already been sent: here is what it made. Nothing was sent twice.
done-commented = Your comment was added to the conversation.
conversation-heading = Conversation
conversation-empty = No comments yet. The author, the focal points of the country, reviewers and administrators can write here; donors never see it.
label-add-comment = Add a comment
conversation-hint = Seen by the author, the focal points of the country, reviewers and administrators; never by donors, and never in reports. A comment cannot be changed or removed once sent.
comment-send = Send comment
kept-text = Your session had ended while you were writing, so what you typed was kept and is filled in again below. Nothing has been sent yet: check it and send it.
kept-sign-in = Your session had ended, but what you typed was kept: sign in and it comes back on its page, ready to check and send.
err-only-drafts-edited = Only a draft can be changed, by its author; a submitted update never changes.
err-only-drafts-submitted = This update is not a draft; it was submitted already.
err-draft-no-conversation = A draft has no conversation yet: submit it first.
err-not-in-conversation = Only the author, the focal points of the update's country, reviewers and administrators take part in its conversation.
invalid-form-id = The form's id is not one this site writes; open the form again.
invalid-not-boolean = { $field } must be true or false

## Reports

reports-title = Reports
reports-lead = Every report as CSV (UTF-8, Cyrillic included; with “,” or “;” between fields) and as an Excel workbook (XLSX) with an “About” sheet. Only accepted updates count. Each file can be traced: the report “Progress, update by update” names who submitted and who accepted every update, and when.
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
report-title-commitments = Commitments and their status
report-title-progress = Progress, update by update
report-title-status-matrix = Status by pillar and country
report-title-timeline = Status year by year, 2022–2031
reports-file = file
reports-filters-heading = Filters
reports-filters-lead = The filters apply to every download above; choose them, then “Apply filters”.

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

due-title = Due and overdue updates
due-lead = Updates owed as of { $day }: an update is overdue once its deadline has passed without it, and due while its deadline is ahead. A later update also covers an earlier missing one; a complete track owes nothing more.
due-summary = By country and pillar
due-summary-caption = Updates overdue and due, by country and pillar
due-n-overdue = { $n } overdue
due-n-due = { $n } due
due-overdue = Overdue
due-due = Due
due-list = Updates owed
due-nothing = Nothing is due or overdue.
due-log-progress = Log progress
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
due-yours = Updates your country owes
due-see-all = See everything due and overdue
due-tasks-overdue = { $n ->
    [one] { $n } update overdue
   *[other] { $n } updates overdue
}

reporting-title = Reporting cycles
reporting-lead = For each outcome document: how often tracks report, and how many days after the end of a period its update is due. With 31 days, the year's update is due by 31 January of the next year.
reporting-saved = The reporting cycle was saved.
reporting-cycle = Reporting cycle
cycle-annual = Annual (one update per year)
cycle-semiannual = Semi-annual (one update per half-year)
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
timeline-summary = One line per track from 2022 to 2031: a mark for each period with an accepted update (its status), an open circle for an update in review, a line at the end of the target year. The updates are listed in words under each track below.
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
scroll-hint = Scroll sideways to see it all
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
reports-csv-quote-hint = In CSV, text that begins with =, +, -, @, a tab or a carriage return gets an apostrophe (') in front, so that no spreadsheet runs it as a formula; numbers and dates are left alone. LibreOffice and pandas show this apostrophe; XLSX files need none.
reports-csv-quote-pandas = To remove it in pandas:
reports-names-language = Language of name columns
invalid-period-order = the period 'to' comes before 'from'
invalid-report = report must be commitments, progress, status-matrix or timeline
err-due-not-for-donors = Due and overdue updates are for focal points, reviewers and administrators.
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
# Footer of each printed page of an XLSX report: &P is the page, &N the number of pages.
xlsx-footer-page = Page &P of &N
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
account-sessions-heading = Where you are signed in
account-sessions-hint = Each browser session and API token of your account that has not ended, with the address it was started from. End any you do not recognise, then change your password. "Sign out everywhere" ends them all, this one included.
col-session-kind = Kind
col-session-started = Started
col-session-last-used = Last used
col-session-address = From
session-kind-cookie = Browser session
session-kind-api = API token
session-current = (this browser)
session-end = End
session-ended = The session was ended.
sign-out-everywhere = Sign out everywhere

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

## Importing commitments in the browser
import-title = Import commitments
import-lead = Load or update commitments and their tracks from a CSV file: the official text of a plan. The whole file is checked first; if any line is wrong, nothing changes and every problem is listed with its line and column. The import is recorded in the audit log.
import-file-label = CSV file
import-file-hint = UTF-8 (in Excel: "CSV UTF-8"), a header row, at most { $mb } MB. The columns are listed below.
import-submit = Check and import
import-columns-heading = Columns
import-columns-lead = In any order. A commitment whose document and code already exist is updated in place; a new one is created.
import-col-column = Column
import-col-meaning = What it holds
import-col-line = Line
import-col-problem = Problem (in English)
import-column-document = The outcome document: JPOA-2022 or TASHKENT-DECL-2022.
import-column-code = The commitment's code, unique within the document, e.g. P2.12.
import-column-pillar = Pillar 1–4 (or I–IV).
import-column-theme = A theme code (lower-case letters, digits, hyphens); a new one is created and reported.
import-column-target_year = The target year, 2022–2031.
import-column-title_en = The text in English.
import-column-title_ru = The text in Russian; may be empty.
import-column-tracks = The tracks, separated by spaces: KZ KG TJ TM UZ REG. A track that already has updates is never removed.
import-column-illustrative = Optional: 1 marks an illustrative text, 0 (the default) the official one.
import-done = Imported { $file }
import-rows = { $n ->
    [one] { $n } row read
   *[other] { $n } rows read
}
import-created = { $n ->
    [one] { $n } commitment created
   *[other] { $n } commitments created
}
import-updated = { $n ->
    [one] { $n } commitment updated
   *[other] { $n } commitments updated
}
import-tracks-added = { $n ->
    [one] { $n } track added
   *[other] { $n } tracks added
}
import-tracks-removed = { $n ->
    [one] { $n } track removed
   *[other] { $n } tracks removed
}
import-no-new-themes = No new themes.
import-new-themes = New themes (give them English and Russian names later): { $themes }
import-see-commitments = See the commitments
import-refused = Nothing was imported from { $file }: { $n ->
    [one] { $n } problem
   *[other] { $n } problems
}
import-refused-hint = Correct the file and send it again. Nothing in the record has changed.
err-import-no-file = choose a CSV file to import
nav-import = Import commitments

## Guides, one per role
guide-link = Guides: how to use the tracker
guide-yours = (yours)
tasks-your-guide = Your one-page guide
guide-list-title = Guides
guide-list-lead = A one-page guide for each role: what to do, in what order, what the words mean, and whom to ask. Each prints on one page.
guide-print-hint = To print, use your browser's Print command (Ctrl+P); menus and buttons are left out of the printed page.
guide-steps-heading = What to do, in order
guide-statuses-heading = What the statuses mean
guide-status-no-information = No accepted update yet for this track.
guide-states-heading = What happens to an update
guide-state-submitted = Sent; a reviewer will accept it or return it. It does not count yet.
guide-state-returned = Sent back with a comment saying what to change. Revise it and send it again.
guide-state-accepted = Checked and counted: the track's status now follows it. It can no longer change; a correction is a new update for the same period.
guide-places-heading = Where to find things
guide-ask-heading = Whom to ask
guide-place-this-guide = this guide
guide-place-home-focal = your home page: your work, and the updates your country owes
guide-place-home-donor = the dashboard: every track's status by pillar and country, with charts
guide-place-due = updates your country owes, with deadlines and days late or left
guide-place-due-all = updates owed by every country, with counts by country and pillar
guide-place-commitments = every commitment, with filters; a commitment's page shows each track's history
guide-place-my-updates = your drafts, then what you sent, returned updates first
guide-place-reports = reports to download as CSV or Excel
guide-place-account = your password and language
guide-place-review = updates awaiting a decision, oldest first
guide-place-snapshots = frozen reports to cite: they never change
guide-place-snapshots-admin = freeze a snapshot of the four reports
guide-place-accounts = accounts: create, edit, deactivate, new password links
guide-place-import = load the official text of a plan from a CSV file
guide-place-reporting = each document's reporting cycle and deadline
guide-place-audit = every change and sign-in, with who and when

guide-focal-point-title = Guide for national focal points
guide-focal-point-lead = You report your country's progress on each commitment of the Joint Plan of Action. Reviewers check each update before it counts.
guide-focal-point-step-1 = Open the link you were sent, choose a password (a few unrelated words work well) and sign in. Choose English or Russian at the top of any page.
guide-focal-point-step-2 = On your home page, look at "Updates your country owes": what is overdue comes first, then what is due next.
guide-focal-point-step-3 = Open the commitment, find your country's track and choose "Log progress". Pick the period (a year, or a half-year: H1 is January–June, H2 July–December).
guide-focal-point-step-4 = Choose the status that describes the whole track at the end of the period. Write what was done, by whom, and what changed, with dates and figures; in Russian, English or both. Add a public link as evidence when there is one. Choose who may read it: Partners (the default), Restricted (UNOCT and your country's focal points; its status still counts for everyone) or Public.
guide-focal-point-step-5 = Send it, or save a draft to finish later (nobody else sees it). Once sent it waits for a reviewer; see it under "My updates".
guide-focal-point-step-6 = If it comes back "Returned", read the reviewer's comment (answer it on the update's page if need be), choose "Revise and resubmit", correct it and send it again. Once accepted, it counts in every report.
guide-focal-point-when-heading = Deadlines
guide-focal-point-when = A year's update is due by 31 January of the next year, unless your administrator set another cycle (half-yearly) or deadline. An update is overdue when its deadline has passed and nothing was sent for that period or a later one; a returned update does not count until it is sent again. A complete track owes nothing more.
guide-focal-point-ask = About a returned update or what to write: the reviewer who commented (UNOCT). About your account, a lost password, or a track that is missing or wrong: your administrator, who can send you a new link.

guide-reviewer-title = Guide for reviewers
guide-reviewer-lead = You check the updates focal points send and decide whether they count. Only accepted updates change a track's status.
guide-reviewer-step-1 = Sign in and open the review queue: the oldest updates come first. Filter by country or pillar if you share the work.
guide-reviewer-step-2 = Open an update. Compare it with the track's history on the same page: is the period right, does the status follow from what is written?
guide-reviewer-step-3 = Check the narrative says what was done, by whom and what changed, and that the evidence link opens and supports it.
guide-reviewer-step-4 = Accept it if it holds. It then counts at once on the dashboard and in every report.
guide-reviewer-step-5 = Otherwise return it with a comment that says exactly what to change. The focal point sees the comment and sends a revision, which comes back to the queue.
guide-reviewer-step-6 = You cannot decide on an update you wrote yourself. Look at "Due" to see which countries are late, and remind them.
guide-reviewer-when-heading = Deadlines
guide-reviewer-when = By default a year's update is due by 31 January of the next year (the administrator sets each document's cycle). Decide on updates soon after they arrive: an update waiting in the queue keeps its track at its old status.
guide-reviewer-ask = About the commitments' text, accounts or reporting cycles: an administrator. About what a country means in an update: its focal point, through the comment when you return it.

guide-donor-title = Guide for donors
guide-donor-lead = You follow the implementation of the Joint Plan of Action. Everything you see comes from updates accepted by reviewers.
guide-donor-step-1 = Sign in. The dashboard shows every track's status by pillar and country; each cell opens the list of those commitments.
guide-donor-step-2 = Filter the commitments by pillar, country, theme or status, or search their text in English or Russian.
guide-donor-step-3 = To see the record as it stood on a given day, pick an "as of" date or the end of a past year. Only updates accepted by then count.
guide-donor-step-4 = Download a report as CSV or Excel (XLSX) from "Reports", with the same filters and date. Russian Excel may need the CSV with semicolons, or the XLSX.
guide-donor-step-5 = To cite figures, use a snapshot: a frozen set of reports with a name and date that never changes; its page gives each file's checksum.
guide-donor-when-heading = Dates and periods
guide-donor-when = Countries report each year (some each half-year); a year's update is due by 31 January of the next year, and reviewers check it before it counts. A track with no accepted update shows "No information". A flag marks a commitment whose target year has passed while a track is not complete.
guide-donor-ask = About the figures, or an update that looks wrong: the reviewers (UNOCT). About your account: an administrator.

guide-admin-title = Guide for administrators
guide-admin-lead = You keep the tracker running: accounts, the official text, reporting cycles and snapshots. You can also review and log progress like a reviewer.
guide-admin-step-1 = Create an account for each person under "Accounts": name, email, role, and the country for a focal point. Send the one-time link shown (valid 7 days) to that person only; nobody else sees their password.
guide-admin-step-2 = Load the official text of the plan from a CSV file under "Import commitments". If any line is wrong, nothing changes and each problem is listed with its line and column; correct the file and send it again.
guide-admin-step-3 = Set each document's reporting cycle (yearly or half-yearly) and how many days after a period's end its update is due.
guide-admin-step-4 = When someone leaves, deactivate the account: every session ends at once. A person who lost their password gets a new link.
guide-admin-step-5 = Before a meeting or a report to donors, freeze a snapshot with a name and an as-of date: its files never change.
guide-admin-step-6 = Check the audit log when something looks wrong: every change and sign-in is there, and nothing in it can be edited.
guide-admin-when-heading = Deadlines
guide-admin-when = Updates are due 31 days after each period ends unless you set otherwise. A link you send expires after 7 days; issue a new one if it does. A snapshot's as-of date cannot be in the future.
guide-admin-ask = About the server, backups or a restore: whoever runs the server (see the README's "Restoring a backup"). About the content of updates: the reviewers.

## Second factor

error-code-required = A code from your authenticator app, or an unused recovery code, is needed, and the one given is missing, wrong or used already.
error-must-enrol = This account must set up a second factor first: sign in on the website and follow the steps.
err-code-wrong = That code is not right, or was used already. Type the code your app shows now, or an unused recovery code.
err-second-factor-exists = This account has a second factor already.
err-second-factor-not-begun = Open the set-up page again to start setting up your second factor.
err-own-factor-on-account-page = Change or remove your own second factor on your account page, with your password and a code.
err-no-second-factor = This account has no second factor.
code-title = Your code
label-code = Code
code-hint = The six digits your authenticator app shows for JPoA Tracker now, or one of your recovery codes.
code-submit = Continue
code-start-again = Start again
factor-title = Second factor
factor-enrol-title = Set up your second factor
factor-required = Your account reviews or manages what donors rely on, so it needs a second factor before you can use the tracker. It takes two minutes.
factor-step-app = Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator) and choose to add an account.
factor-step-scan = Scan this QR code with the app.
factor-qr-alt = QR code for your authenticator app; the same key is written out below it.
factor-step-type = If you cannot scan it, type this key into the app instead (time-based, 6 digits, 30 seconds):
factor-step-code = Type the six-digit code the app now shows, to confirm.
factor-enrol-submit = Confirm and turn on
factor-enrolled-title = Your second factor is on
factor-codes-title = Your new recovery codes
factor-codes-once = These recovery codes are shown once. Print them or keep them somewhere safe, away from your phone: if you lose the phone, each code signs you in once instead of the app's code. Any codes you had before no longer work.
factor-codes-kept = I have kept them: go to the dashboard
factor-on = Your second factor is on: signing in asks for a code from your authenticator app.
factor-off = You have no second factor yet.
factor-manage = Manage it
factor-set-up = Set one up
factor-codes-left = { $count ->
    [one] You have one unused recovery code.
   *[other] You have { $count } unused recovery codes.
}
factor-renew-heading = New recovery codes
factor-renew-hint = Makes ten new codes and stops the old ones working. Asks for your password and a code again.
factor-renew-submit = Make new recovery codes
factor-remove-heading = Remove the second factor
factor-remove-hint = For a new phone: remove it here, then set it up again. Asks for your password and a code again.
factor-remove-submit = Remove my second factor
factor-removed = Your second factor was removed. Set it up again below.
account-has-factor = second factor on
account-remove-factor = Remove second factor
done-factor-removed = The second factor was removed and the person's sessions ended. They set up a new one at their next sign-in.

## Mail

duration-days = { $n ->
    [one] one day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] one hour
   *[other] { $n } hours
}
mail-invitation-subject = Your account on the JPoA Tracker
mail-invitation-body = Hello { $name },

    An account on the JPoA Tracker has been created for you ({ $email }). Choose your password with this link, within { $valid }:

    { $link }

    The link works once. If it has expired, ask your administrator for a new one.
mail-password-link-subject = A new password link for the JPoA Tracker
mail-password-link-body = Hello { $name },

    An administrator has issued a new link for your account ({ $email }). Choose a new password with it, within { $valid }:

    { $link }

    The link works once. If you did not expect it, tell your administrator.
mail-password-reset-subject = Choose a new password for the JPoA Tracker
mail-password-reset-body = Hello { $name },

    Someone, probably you, asked for a new password for { $email }. Choose one with this link, within { $valid }:

    { $link }

    The link works once. If you did not ask, do nothing: your password stays as it is.
mail-footer-security = This mail is about the security of your account, so it is sent whatever your mail settings say. The JPoA Tracker never asks for your password by mail.
mail-footer-prefs = You get this mail from the JPoA Tracker. To get these mails at once, once a day, or not at all, change your settings: { $link }
mail-digest-subject = { $n ->
    [one] JPoA Tracker: one new notification
   *[other] JPoA Tracker: { $n } new notifications
}
mail-digest-intro = What happened in the JPoA Tracker since your last digest:
invalid-mail-pref = choose how notifications reach you: at once, once a day, or not by mail
mail-pref-instant = Each by mail, at once
mail-pref-digest = One mail a day with what came
mail-pref-off = Not by mail: in the tracker only

outbox-title = Outbox
outbox-smtp = Mail goes out through { $host }.
outbox-no-smtp = No mail server is set (JPOA_SMTP_URL): mail waits here and goes once one is set. Meanwhile people see their notifications in the tracker, and you hand out invitation links yourself.
outbox-figures = { $queued } waiting (of which { $retrying } being retried), { $failed } failed, { $sent } sent.
outbox-col-created = Written
outbox-col-to = To
outbox-col-subject = Subject
outbox-col-state = State
outbox-col-tries = Tries
outbox-col-error = Last answer of the mail server
outbox-retry = Send again
outbox-sent-at = sent { $at }
outbox-failed = failed
outbox-retrying = next try { $at }
outbox-queued = waiting
err-mail-not-failed = only a failed mail that still has its text can be sent again
dashboard-mail = Mail: { $queued } waiting, { $failed } failed.

## Notifications

note-update-about = { $code }, { $country }, { $period }
note-submitted-subject = To review: { $about }
note-submitted-body = { $author } submitted progress on { $about } ({ $status }). It waits for your review.
note-accepted-subject = Accepted: { $about }
note-accepted-body = { $reviewer } accepted your update on { $about }. Comment: { $comment }
note-returned-subject = Returned to you: { $about }
note-returned-body = { $reviewer } returned your update on { $about } for revision. Comment: { $comment }
note-no-comment = none
note-comment-subject = New comment: { $about }
note-comment-body = { $who } wrote on { $about }: { $comment }
inbox-title = Notifications
inbox-nav = { $n ->
    [0] Notifications
   *[other] Notifications ({ $n } new)
}
inbox-empty = Nothing yet. When an update waits for you, comes back or is accepted, it shows here.
inbox-unread = new
inbox-open = Open
inbox-mark-all = Mark all as read
inbox-prefs-heading = How notifications reach you by mail
inbox-prefs-hint = Whatever you choose, every notification is here too. Invitations and password links always come by mail.
inbox-prefs-save = Save
inbox-prefs-saved = Saved.
inbox-no-mail = This tracker does not send mail yet: notifications are here only.
remind-subject = { $overdue ->
    [0] { $due ->
        [one] An update falls due soon
       *[other] { $due } updates fall due soon
    }
   *[other] { $overdue ->
        [one] An update is overdue
       *[other] { $overdue } updates are overdue
    }{ $due ->
        [0] {""}
       *[other] , { $due } due soon
    }
}
remind-intro = Updates your country owes in the JPoA Tracker:
remind-line-due30 = { $code } { $title }: update for { $period } due by { $deadline } (within 30 days)
remind-line-due7 = { $code } { $title }: update for { $period } due by { $deadline } (within 7 days)
remind-line-overdue = { $code } { $title }: update for { $period } was due by { $deadline } and is overdue
remind-week-subject = { $n ->
    [one] This week: one update is overdue
   *[other] This week: { $n } updates are overdue
}
remind-week-intro = Updates overdue in the JPoA Tracker, by country:

## The JSON API's own answers (in English: the API speaks English)
api-sign-in-first = Sign in first: send the header Authorization: Bearer TOKEN, with a token from POST /api/v1/login.
error-wrong-credentials = Wrong email or password.
error-bad-token = This token is not valid: it was revoked, has expired or never existed. Sign in again for a new one.
api-not-json = Send the body as JSON, with the header Content-Type: application/json.
api-body-unreadable = The body could not be read.
api-body-not-json = The body is not valid JSON (line { $line }, column { $column }).
api-body-not-object = The body must be a JSON object of this request's fields.
api-unknown-field = { $name } is not a field of this request; its fields are: { $known }.
api-query-unreadable = The query string could not be read.
api-unknown-parameter = { $name } is not a parameter of this request; its parameters are: { $known }.
api-no-parameters = { $name } is not a parameter of this request, which takes none.
api-repeated-parameter = { $name } is given more than once; give it once.
api-limit = limit must be a whole number from 1 to { $max }.
api-cursor = cursor is not one this list gave: use the Next-Cursor of the page before, or none for the first page.
api-cursor-gone = The item this cursor continues from is not in this list (it left the list, or the cursor was made for another one); start again without a cursor.
api-owed = owed must be overdue or due.
api-version = version must be the version the cycle was read at (a whole number from 0).
api-method-not-allowed = This address does not take this method; it takes: { $allow }.
api-timeout = The request took too long and was stopped; nothing was changed. Try again.
api-refused = The request was refused ({ $status }).
invalid-not-integer = { $field } must be a whole number
api-empty-parameter = { $name } is given without a value; give one, or leave the parameter out.
api-q-too-long = q may have at most 200 characters.
sensitivity-public = Public
sensitivity-partners = Partners
sensitivity-restricted = Restricted
invalid-sensitivity = sensitivity must be public, partners or restricted
err-sensitivity-after-acceptance = Only an accepted update's sensitivity is changed after its decision; a submitted one's is set with the decision.
sensitivity-legend = Who may read what this update says
sensitivity-public-help = Anyone: also on the public portal, once accepted.
sensitivity-partners-help = Every signed-in partner: focal points, UNOCT and donors.
sensitivity-restricted-help = UNOCT reviewers and administrators and your country's focal points only. Its status still counts for everyone.
words-withheld = What this update says is restricted to UNOCT and the focal points of its country. Its status counts all the same.
submitted-on = Submitted { $when }
sensitivity-change-heading = Who may read it
sensitivity-change = Change
done-sensitivity = Who may read this update is changed.

## The public portal (/public)
public-title = Public record
public-heading = Joint Plan of Action: the public record
public-what = Public record of the Joint Plan of Action: what the states chose to publish. Each track's status counts every accepted update; the words shown are those of the updates published as public, without the names of people.
public-as-of = Record as of { $when } (the latest accepted update).
public-as-of-none = Record as of today: no update has been accepted yet.
public-nav-label = Public record
public-nav-dashboard = Dashboard
public-nav-commitments = Commitments
public-nav-downloads = Downloads
public-sign-in = Sign in (partners)
public-dashboard-lead = Status of every track of the Joint Plan of Action by pillar and country, from the latest accepted update of each track.
public-downloads = Downloads
public-downloads-lead = The public record as CSV files (UTF-8, names in the language of this page): the same statuses, and the public updates only, without the names of people.
public-report-progress = One row per public accepted update: what it says, its evidence, and when it was accepted.
public-history-empty = No public update on this track.
public-history-more = Showing the latest { $n } public updates. Every public update of this country is in the report:
public-accepted-on = Accepted on { $when }
