### Встроенные строки интерфейса сайта errbook на русском языке. Проект может переопределить любую из них по отдельности в locales/<tag>/site.ftl.

language-name = Русский
site-title = Справочник кодов ошибок
filter-label = Фильтр кодов ошибок
filter-placeholder = Введите код или слово
filter-hint = Фильтрует по коду или описанию прямо во время ввода.
no-results = Подходящих кодов ошибок не найдено.
did-you-mean = Возможно, вы имели в виду:
copy-link = Копировать ссылку
copy-link-to = Копировать ссылку на код ошибки { $code }
copied = Ссылка скопирована.
jump-to-group = Перейти к группе
languages = Языки
status-untranslated = Пока не переведено
status-stale = Возможно, устарело
status-column = Статус перевода
source-text = Исходный текст:
skip-to-content = Перейти к содержимому
choose-language = Выбор языка
redirecting = Открываем страницу на языке вашего браузера…
coverage = Переведено кодов ошибок: { $translated } из { $total } ({ $percent }%).
group-range = Коды { $range }
group-text = Коды { $prefix }
group-other = Прочие коды
not-found-title = Страница не найдена
not-found-link = Перейти к справочнику кодов ошибок
