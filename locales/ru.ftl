# Русский интерфейс jpoa-tracker. Каждый идентификатор должен быть и в en.ftl
# (это проверяет модульный тест). Числа склоняются через [one]/[few]/[many].

## Рамка страницы

app-name = JPoA Tracker
app-tagline = Центральная Азия · Глобальная контртеррористическая стратегия ООН · 2022–2031
skip-to-content = Перейти к содержанию
nav-label = Основное меню
nav-dashboard = Обзор
nav-commitments = Обязательства
nav-review = Очередь на рассмотрение
nav-my-updates = Мои отчёты
nav-reports = Отчёты
nav-accounts = Учётные записи
sign-out = Выйти
lang-switch-label = Язык
footer-text = Учёт обязательств обновлённого Совместного плана действий по реализации Глобальной контртеррористической стратегии ООН в Центральной Азии (Ташкент, март 2022 года) и хода их выполнения.
form-error-lead = Исправьте, пожалуйста:
title-untranslated = (перевод отсутствует)

## Страницы ошибок

error-title-401 = Требуется вход
error-title-403 = Доступ запрещён
error-title-404 = Страница не найдена
error-title-409 = Конфликт
error-title-413 = Слишком большой запрос
error-title-422 = Данные не приняты
error-title-500 = Внутренняя ошибка сервера
error-title-other = Ошибка
error-go-dashboard = Перейти к обзору
error-internal = На нашей стороне произошла ошибка. Ничего не сохранено; повторите попытку.
error-internal-reference = На нашей стороне произошла ошибка, ничего не сохранено. Если это повторится, сообщите администратору этот номер: { $id }
error-not-found = По этому адресу ничего нет.
error-sign-in-first = Сначала войдите в систему.
error-too-large = Слишком большой объём запроса

## Словарь

role-admin = Администратор
role-reviewer = Рецензент (КТУ ООН)
role-focal-point = Национальный координатор
role-donor = Донор
status-no_information = Нет информации
status-not_started = Не начато
status-limited = Ограниченный прогресс
status-substantial = Значительный прогресс
status-complete = Выполнено
status-help-not_started = В этом периоде работа ещё не начиналась.
status-help-limited = Сделаны первые шаги; основная часть работы впереди.
status-help-substantial = Бо́льшая часть работы выполнена или активно ведётся.
status-help-complete = Обязательство полностью выполнено по этому направлению.
state-draft = Черновик
state-submitted = На рассмотрении
state-returned = Возвращено на доработку
state-accepted = Принято
pillar-numbered = Компонент { $roman }
count-tracks = { $n ->
    [one] { $n } трек
    [few] { $n } трека
   *[many] { $n } треков
}
your-own-country = своей страны
demo-badge = демо
for-what = для: { $what }

## Названия полей в сообщениях

field-narrative = Описание
field-comment = Комментарий
field-name = Имя
field-email = Адрес электронной почты
field-evidence-link = Ссылка на подтверждение

## Подписи и фильтры

label-email = Электронная почта
label-password = Пароль
label-password-again = Пароль ещё раз
label-your-name = Ваше имя
label-name = Имя
label-role = Роль
label-country = Страна
label-country-focal-only = Страна (только для национальных координаторов)
label-pillar = Компонент
label-theme = Тема
label-status = Статус
label-search = Поиск
label-document = Документ
label-target-year = Целевой год
label-period = Отчётный период
label-comment = Комментарий
label-narrative-en = Что сделано (на английском)
label-narrative-ru = Что сделано (на русском)
label-evidence = Ссылка на подтверждение (необязательно)
filter-all = Все
filter-apply = Применить
filter-clear = Сбросить
col-code = Код
col-commitment = Обязательство
col-target = Срок
col-tracks = Треки
col-update = Отчёт
col-period = Период
col-state = Состояние
col-submitted = Представлено
col-account-state = Состояние
col-action = Действия

## Проверка данных

invalid-lang = Язык: укажите en или ru
invalid-pillar = Компонент: укажите 1, 2, 3 или 4
invalid-theme = Тема: код из строчных латинских букв, цифр и дефисов
invalid-as-of = Дата «на дату» должна быть в формате ГГГГ-ММ-ДД
invalid-date = { $field }: дата должна быть в формате ГГГГ-ММ-ДД
invalid-country = Страна: укажите KZ, KG, TJ, TM, UZ или REG
invalid-period = Период: укажите ГГГГ, ГГГГ-H1 или ГГГГ-H2, год с { $start } по { $end }
invalid-role = Роль: укажите admin, reviewer, focal-point или donor
invalid-status = Статус: укажите not_started, limited, substantial или complete
invalid-track-status = Статус: укажите no_information, not_started, limited, substantial или complete
invalid-update-state = Неизвестное состояние отчёта
invalid-decision = Решение: укажите accept или return
invalid-control-chars = Поле «{ $field }» содержит управляющий символ; удалите его и повторите попытку
invalid-too-long = Поле «{ $field }»: { $n ->
    [one] { $n } символ
    [few] { $n } символа
   *[many] { $n } символов
}, допускается не более { $max }
invalid-required = Заполните поле «{ $field }»
invalid-email = Укажите адрес электронной почты вида name@example.org
invalid-evidence-url = Ссылка на подтверждение должна начинаться с https:// или http://
invalid-password-short = Пароль должен содержать не менее { $min } символов
invalid-password-long = Пароль должен содержать не более { $max } символов
invalid-password-nul = Пароль содержит символ NUL
err-form-unreadable = Не удалось прочитать форму: { $detail }
err-query-unreadable = Не удалось разобрать адрес: { $detail }
err-passwords-differ = Пароли не совпадают
err-email-taken = Учётная запись с этим адресом уже существует
err-focal-point-needs-country = Для национального координатора нужно указать страну
err-focal-point-not-regional = Национальный координатор представляет одно из пяти государств, а не региональное направление
err-only-focal-points-country = Страна указывается только для национальных координаторов
err-narrative-required = Опишите, что сделано, на русском, английском или на обоих языках
err-return-needs-comment = Возвращая отчёт на доработку, укажите, что нужно изменить

## Отказы

err-link-expired = Срок действия ссылки истёк, или она уже использована. Попросите администратора прислать новую.
err-donor-read-only = Доноры могут просматривать данные, но не вносить их.
err-own-country-only = Вы можете вносить отчёты только для страны: { $country }.
err-reviewers-only = Отчёты рассматривают только рецензенты и администраторы.
err-admins-only = Это может сделать только администратор.
err-author-only-revises = Доработать отчёт может только его автор.
err-only-returned-revised = Дорабатывать можно только отчёт, возвращённый на доработку.
err-already-revised = Этот отчёт уже доработан.
err-revise-returned-only = Дорабатывать можно только возвращённый отчёт, который ещё не доработан.
err-own-review = Нельзя рассматривать собственный отчёт; решение должен принять другой рецензент.
err-already-decided = { $state ->
    [accepted] Этот отчёт уже принят
    [returned] Этот отчёт уже возвращён на доработку
   *[other] Этот отчёт уже в состоянии «{ $state }»
}; рассматривать можно только представленный отчёт.
err-decided-first = По этому отчёту уже принял решение другой рецензент.
err-deactivate-self = Нельзя отключить собственную учётную запись.
err-period-not-begun = период { $period } ещё не начался: сообщите о нём, когда он начнётся
account-edit = Изменить
account-edit-title = Изменение учётной записи { $who }
account-edit-hint = Новая роль или страна действуют со следующей страницы, которую откроет человек. Пароль не меняется; для нового пароля используйте «Новая ссылка для пароля» на странице учётных записей.
account-edit-submit = Сохранить изменения
done-account-saved = Учётная запись сохранена.
err-account-stale = Пока страница была открыта, эту учётную запись изменил кто-то другой. Теперь на странице сохранённые значения; внесите изменение ещё раз.
err-change-own-role = Нельзя снять роль администратора с собственной учётной записи.
err-reactivate-first = Сначала снова включите учётную запись.

## Вход и одноразовые ссылки

sign-in = Вход
sign-in-hint = Учётные записи создаёт администратор. Если вы забыли пароль, попросите у него новую ссылку.
sign-in-failed = Неверный адрес электронной почты или пароль.
sign-in-throttled = Слишком много попыток входа. Подождите { $seconds } с и попробуйте снова.
setup-title-invited = Задайте пароль
setup-title-admin = Создание первого администратора
setup-welcome = Здравствуйте, { $name }! Ваша учётная запись { $email } готова; задайте пароль, чтобы войти.
setup-admin-intro = Эта одноразовая ссылка создаёт учётную запись администратора. Затем администратор создаёт учётные записи для национальных координаторов, рецензентов и доноров.
password-hint = Не менее { $min } символов. Надёжный пароль — несколько не связанных между собой слов.
setup-submit = Сохранить и войти

## Обзор

dashboard-title = Обзор
dashboard-heading = Ход выполнения
dashboard-lead = Статус каждого трека Совместного плана действий по компонентам и странам, по последнему принятому отчёту о ходе работы.
tasks-heading = Ваши задачи
tasks-log-progress-for = Внести отчёт: { $country }
tasks-log-progress-own = Внести отчёт по своей стране
tasks-returned-to-you = { $n ->
    [one] { $n } отчёт возвращён вам на доработку
    [few] { $n } отчёта возвращены вам на доработку
   *[many] { $n } отчётов возвращено вам на доработку
}
tasks-awaiting-review = { $n ->
    [one] { $n } отчёт ожидает рассмотрения
    [few] { $n } отчёта ожидают рассмотрения
   *[many] { $n } отчётов ожидают рассмотрения
}
tasks-awaiting-your-review = { $n ->
    [one] { $n } отчёт ожидает вашего рассмотрения
    [few] { $n } отчёта ожидают вашего рассмотрения
   *[many] { $n } отчётов ожидают вашего рассмотрения
}
tasks-yours-returned = { $n ->
    [one] { $n } ваш отчёт возвращён на доработку
    [few] { $n } ваших отчёта возвращены на доработку
   *[many] { $n } ваших отчётов возвращено на доработку
}
tasks-manage-accounts = Управление учётными записями
tasks-donor-lead = Все данные основаны на принятых отчётах о ходе работы.
tasks-donor-reports-link = Скачайте отчёты,
tasks-donor-reports-after = чтобы ссылаться на них: в них указано, кто, что и когда сообщил.
matrix-caption = Треки по компонентам и странам, по статусам
matrix-no-tracks = нет треков
matrix-cell-label = Компонент { $pillar }, { $country }: { $n ->
    [one] { $n } трек
    [few] { $n } трека
   *[many] { $n } треков
}
legend-label = Условные обозначения статусов

## Обязательства

commitments-title = Обязательства
commitments-shown = Показано: { $commitments ->
    [one] { $commitments } обязательство
    [few] { $commitments } обязательства
   *[many] { $commitments } обязательств
}, { $tracks ->
    [one] { $tracks } трек
    [few] { $tracks } трека
   *[many] { $tracks } треков
}.
commitments-download-csv = Скачать эти треки в CSV
commitments-none = Нет обязательств, отвечающих этим условиям.
illustrative-badge = примерная формулировка
illustrative-title = Пересказ по открытым источникам; не официальный текст плана
illustrative-hint = Это обязательство приведено в качестве примера: пересказ открытых сообщений о плане. Официальный текст может загрузить администратор.
log-progress = Внести отчёт
latest-report = последний отчёт: { $period }
history-empty = Отчётов о ходе работы пока нет.
history-showing-latest = { $n ->
    [one] Показан последний { $n } отчёт.
    [few] Показаны последние { $n } отчёта.
   *[many] Показаны последние { $n } отчётов.
}
history-show-all = Показать все
update-number = Отчёт № { $id }
narrative-missing-en = Текст на английском не предоставлен
narrative-missing-ru = Текст на русском не предоставлен
evidence-label = Подтверждение:
submitted-by = Представил(а): { $name }
on-date = { $when }
accepted-by = принял(а): { $name }
returned-by = вернул(а) на доработку: { $name }
reviewer-comment = Комментарий рецензента:

## Отчёты о ходе работы и рассмотрение

period-hint = Полугодие или год, за который представляется отчёт (2022–2031).
status-legend = Статус на конец периода
narrative-hint = Опишите, что было сделано за период, кем и что изменилось. Укажите законы, программы, даты и цифры, которые можно проверить. Пишите на русском, английском или на обоих языках.
evidence-hint = Общедоступный веб-адрес закона, доклада, новости или документа, подтверждающего прогресс.
track-label = Трек:
submit-for-review = Направить на рассмотрение
resubmit-for-review = Направить повторно
done-submitted = Ваш отчёт представлен. Рецензент примет его или вернёт на доработку с комментарием.
done-accepted = Отчёт принят и теперь учитывается в статусе трека.
done-returned = Отчёт возвращён автору на доработку с вашим комментарием.
revises-before = Это доработанная версия
revises-link = отчёта № { $id }
revises-after = , который был возвращён на доработку.
revised-by = Доработанная версия:
revised-by-link = отчёт № { $id }
review-own-update = Вы автор этого отчёта, поэтому решение должен принять другой рецензент.
revise-and-resubmit = Доработать и направить повторно
review-title = Рассмотрение
review-decision-heading = Ваше решение
review-status-now = Текущий статус трека:
comment-hint = Обязателен, если вы возвращаете отчёт: укажите, что нужно изменить.
review-accept = Принять
review-return = Вернуть на доработку
revise-title = Доработка отчёта
revise-heading = Доработка отчёта № { $id }
revise-hint = Доработанная версия станет новым отчётом; возвращённый отчёт сохранится в записи.
revise-link = Доработать
yours-marker = (ваш)
queue-title = Очередь на рассмотрение
queue-count = { $n ->
    [one] { $n } отчёт ожидает решения, сначала самые ранние.
    [few] { $n } отчёта ожидают решения, сначала самые ранние.
   *[many] { $n } отчётов ожидают решения, сначала самые ранние.
}
my-updates-title = Мои отчёты
my-updates-returned = { $n ->
    [one] { $n } отчёт возвращён вам
    [few] { $n } отчёта возвращены вам
   *[many] { $n } отчётов возвращено вам
}
my-updates-returned-after = : прочитайте комментарий рецензента, доработайте и направьте повторно.
my-updates-empty = Вы ещё не вносили отчётов. Откройте обязательство, чтобы внести отчёт по одному из своих треков.

## Выгрузки

reports-title = Отчёты
reports-lead = Каждый отчёт — в виде CSV (UTF-8, кириллица отображается правильно; разделитель «,» или «;») и книги Excel (XLSX) с листом «About» (сведения об отчёте). Учитываются только принятые отчёты о ходе работы. Каждый файл можно проверить: в отчёте о ходе работы указано, кто и когда представил и принял каждый отчёт.
reports-from-period = Период с
reports-to-period = Период по
reports-as-of = По состоянию на дату
reports-apply = Применить фильтры
reports-periods-hint = Периоды записываются как 2024, 2024-H1 или 2024-H2. «По состоянию на дату» показывает данные на конец указанного дня: отчёты, принятые позже, не учитываются.
reports-download = Скачать
report-commitments = Одна строка на трек: каждое обязательство по каждой стране и региональному направлению, с текущим статусом.
report-progress = Одна строка на принятый отчёт о ходе работы, с указанием, кто и когда его представил и принял.
report-status-matrix = Число треков по статусам для каждого компонента и страны.
report-timeline = Число треков по статусам на конец каждого года 2022–2031 для каждого компонента и страны.

## Учётные записи и журнал аудита

accounts-title = Учётные записи
accounts-audit-after = : все изменения учётных записей, входы в систему и решения по отчётам.
account-deactivated = Отключена
account-invited = Приглашение отправлено (пароль ещё не задан)
account-active = Активна
account-deactivate = Отключить
account-reactivate = Включить снова
account-new-link = Новая ссылка для пароля
account-create-heading = Создать учётную запись
account-create-hint = Новый пользователь получит одноразовую ссылку, действительную 7 дней, чтобы самому задать пароль. Больше его никто не узнает.
account-create-submit = Создать учётную запись
link-notice = Отправьте эту одноразовую ссылку пользователю { $who }, чтобы он задал пароль. Ссылка показывается только сейчас и срабатывает один раз в течение 7 дней:
done-setup = Ваша учётная запись администратора готова. Ниже создайте учётные записи для национальных координаторов, рецензентов и доноров.
done-deactivated = Учётная запись отключена; все её сеансы и токены завершены.
done-activated = Учётная запись снова включена.
audit-title = Журнал аудита
audit-lead = Все изменения учётных записей и данных о ходе работы, а также все входы в систему: кто и когда (UTC). Записи журнала нельзя изменить или удалить.
audit-who-email = Кто (электронная почта)
audit-from = Дата с
audit-to = Дата по
audit-count = Подходящих записей: { $n }, сначала самые новые.
audit-download = Скачать все подходящие записи в CSV
audit-col-when = Когда (UTC)
audit-col-who = Кто
audit-col-action = Действие
audit-col-subject = Объект
audit-col-before = До
audit-col-after = После

## Десять лет: дата среза, сроки отчётов, диаграммы, снимки, форматы

nav-due = Сроки отчётов
nav-snapshots = Снимки
asof-banner = Показано состояние данных на конец дня { $day }: обновления, принятые позже, не учитываются.
asof-back-today = Вернуться к текущему дню
asof-years = На конец года
asof-today = Сегодня
past-target = Целевой год { $year } прошёл
past-target-hint = Целевой год прошёл, а выполнение по этому направлению не завершено.

due-title = Сроки представления отчётов
due-lead = Задолженность по отчётам на { $day }: отчёт просрочен, если срок прошёл, а отчёта нет, и ожидается, пока срок не наступил. Более поздний отчёт покрывает и пропущенный ранее; по выполненному направлению отчёты больше не требуются.
due-summary = По странам и компонентам
due-summary-caption = Просроченные и ожидаемые отчёты по странам и компонентам
due-n-overdue = просрочено: { $n }
due-n-due = ожидается: { $n }
due-overdue = Просрочен
due-due = Ожидается
due-list = Ожидаемые отчёты
due-nothing = Нет ни просроченных, ни ожидаемых отчётов.
due-col-state = Состояние
due-col-commitment = Обязательство
due-col-deadline = Срок
due-days-late = { $n ->
    [one] опоздание { $n } день
    [few] опоздание { $n } дня
   *[many] опоздание { $n } дней
}
due-days-left = { $n ->
    [0] срок сегодня
    [one] остался { $n } день
    [few] осталось { $n } дня
   *[many] осталось { $n } дней
}
due-yours = Отчёты, которые ожидаются от вашей страны
due-see-all = Все просроченные и ожидаемые отчёты
due-tasks-overdue = { $n ->
    [one] { $n } отчёт просрочен
    [few] { $n } отчёта просрочено
   *[many] { $n } отчётов просрочено
}

reporting-title = Отчётные циклы
reporting-lead = Для каждого итогового документа: как часто представляются отчёты и через сколько дней после окончания периода наступает срок. При 31 дне годовой отчёт представляется до 31 января следующего года.
reporting-saved = Отчётный цикл сохранён.
reporting-cycle = Отчётный цикл
cycle-annual = Ежегодный (один отчёт в год)
cycle-semiannual = Полугодовой (один отчёт за каждое полугодие)
reporting-due-days = Дней после окончания периода
reporting-due-days-hint = Целое число от 0 до 365.
reporting-save = Сохранить
reporting-last-changed = Изменено { $at }
err-schedule-stale = Пока страница была открыта, этот отчётный цикл изменил кто-то другой. Теперь на странице сохранённые значения; внесите изменение ещё раз.
invalid-cycle = отчётный цикл должен быть ежегодным или полугодовым
invalid-due-days = число дней до срока должно быть целым числом от 0 до 365

chart-total = Всего
chart-by-pillar = Статус направлений по компонентам
chart-by-country = Статус направлений по странам
chart-over-years = Статус направлений на конец каждого года, 2022–2031
chart-summary-bars = Столбики с накоплением: число направлений в каждом статусе. Те же цифры приведены в таблице ниже.
chart-summary-years = Столбцы по годам: число направлений в каждом статусе на конец года. Те же цифры приведены в таблице ниже.
chart-col-year = Год
charts-heading = Диаграммы
timeline-title = Десять лет выполнения обязательства
timeline-summary = По одной линии на направление с 2022 по 2031 год: отметка для каждого периода с принятым отчётом (его статус), пустой круг для отчёта на рассмотрении, линия в конце целевого года. Отчёты перечислены словами ниже по каждому направлению.
timeline-target = Целевой год
timeline-today = Дата среза
timeline-in-review = на рассмотрении

snapshots-title = Снимки
snapshots-lead = Снимок фиксирует четыре отчёта на определённую дату для цитирования: его файлы никогда не меняются, а контрольная сумма SHA-256 каждого файла показана, чтобы любой мог проверить копию.
snapshots-none = Снимков пока нет.
snapshot-name = Название
snapshot-name-example = например, Среднесрочный обзор 2026
snapshot-as-of = Дата среза
snapshot-filters = Фильтры
snapshot-no-filters = нет (все компоненты и страны)
snapshot-frozen = Зафиксирован
snapshot-freeze-heading = Зафиксировать снимок
snapshot-freeze-hint = Отчёты составляются на конец выбранного дня по тому, что было принято к тому дню и к настоящему моменту; обновления, принятые позже, в снимок не попадают.
snapshot-freeze-submit = Зафиксировать снимок
snapshot-fixed-explain = Эти файлы неизменны: повторная загрузка даёт те же байты. Контрольная сумма загруженного файла должна совпадать с показанной здесь.
snapshot-file = Файл
snapshot-files-label = Файлы и их контрольные суммы
snapshot-format = Формат
snapshot-size = Байт
snapshot-verify-hint = Проверка файла: sha256sum ФАЙЛ (Linux), shasum -a 256 ФАЙЛ (macOS) или certutil -hashfile ФАЙЛ SHA256 (Windows).
snapshot-link = Снимки для цитирования
err-snapshot-name-taken = снимок с таким названием уже есть
err-snapshot-future = дата среза снимка не может быть в будущем
err-snapshot-no-xlsx = этого файла нет в снимке: в отчёте больше строк, чем вмещает лист Excel; загрузите CSV
err-xlsx-too-many-rows = в отчёте больше строк, чем вмещает лист Excel: сузьте фильтры или загрузите CSV, где ограничения нет
invalid-sep = sep может быть comma или semicolon (только для CSV)
invalid-format = отчёт бывает .csv или .xlsx

format-csv = CSV
format-csv-semicolon = CSV (;)
format-xlsx = Excel (XLSX)
reports-formats-hint = CSV с разделителем «;» сразу открывается в Excel с русскими и большинством европейских настроек. Столбцы названий (pillar_name, country_name, status_label) — на выбранном здесь языке; остальные столбцы не меняются.
reports-names-language = Язык столбцов названий
invalid-period-order = период «по» раньше периода «с»
invalid-report = отчёт должен быть одним из: commitments, progress, status-matrix, timeline
err-due-not-for-donors = Сроки отчётов доступны координаторам, проверяющим и администраторам.
about-source = Источник
about-report = Отчёт
about-description = Описание
about-rows = Строк
about-as-of = По состоянию на
about-as-of-none = момент формирования
about-generated = Сформирован (UTC)
about-snapshot = Снимок
about-snapshot-none = нет (текущие данные)
about-lang = Язык названий
about-filters = Фильтры
about-filters-none = нет
about-filter = Фильтр: { $name }
invalid-password-guessable = этот пароль слишком легко угадать: он распространён, похож на распространённый или составлен из вашего имени или адреса. Хороший пароль — несколько не связанных между собой слов.
account-title = Ваша учётная запись
account-password-heading = Смена пароля
account-password-hint = От { $min } до { $max } символов; не распространённый пароль. После смены все другие сеансы завершатся, а токены API перестанут действовать.
account-current-password = Текущий пароль
account-new-password = Новый пароль
account-repeat-password = Новый пароль ещё раз
account-change-password = Сменить пароль
account-password-changed = Пароль изменён. Все другие сеансы и токены API вашей учётной записи завершены.
err-current-password-wrong = текущий пароль указан неверно

## Страницы длинных списков
paging-label = Страницы
paging-showing = Показаны { $from }–{ $to } из { $total }
paging-page-of = Страница { $page } из { $last }
paging-prev = Предыдущая страница
paging-next = Следующая страница
paging-past-end = На странице { $page } ничего нет: всего в списке { $total }.
paging-go-last = Перейти на последнюю страницу ({ $page })
err-page = Номер страницы должен быть целым числом от 1.
my-updates-count = Всего отчётов: { $n }.
accounts-count = Учётных записей: { $n }.
history-page-heading = Все отчёты по этому треку
history-back-latest = Вернуться к последним отчётам
