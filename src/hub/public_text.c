/* The words of the public pages in the four languages, and the labels of themes and
 * offers: the same words as the kiosk's message catalogs (locale/LANG.po), which the hub
 * does not load. */
#include <string.h>

#include "public.h"

static const char *const words[PW_COUNT][PUBLIC_LANGS] = {
	[PW_TAGLINE] = {"Jaunų žmonių, kurie susikūrė karjerą savo krašte, istorijos",
			"Stories of young people who built their careers in their own region",
			"Истории молодых людей, построивших карьеру в своём крае",
			"Historie młodych ludzi, którzy zbudowali karierę w swoim regionie"},
	[PW_SKIP] = {"Pereiti prie turinio", "Skip to content", "Перейти к содержанию",
		     "Przejdź do treści"},
	[PW_LANGUAGE] = {"Kalba", "Language", "Язык", "Język"},
	[PW_FEATURED] = {"Rekomenduojamos istorijos", "Featured stories",
			 "Рекомендуемые истории", "Polecane historie"},
	[PW_PICKS] = {"Bendruomenės pasirinkimas", "The community's choice",
		      "Выбор сообщества", "Wybór społeczności"},
	[PW_PICKS_HINT] = {"Istorijos, kurios per 90 dienų labiausiai įkvėpė lankytojus.",
			   "The stories that inspired visitors most in the last 90 days.",
			   "Истории, которые больше всего вдохновили посетителей за 90 дней.",
			   "Historie, które w ciągu 90 dni najbardziej zainspirowały "
			   "odwiedzających."},
	[PW_REGIONS] = {"Apskritys", "Counties", "Уезды", "Okręgi"},
	[PW_GUIDES] = {"Gidai ir strategijos", "Guides and strategies", "Пособия и стратегии",
		       "Poradniki i strategie"},
	[PW_STORIES_IN] = {"Istorijos", "Stories", "Истории", "Historie"},
	[PW_STORY_COUNT] = {"istorijų", "stories", "историй", "historii"},
	[PW_PATH] = {"Kelias", "The path", "Путь", "Droga"},
	[PW_SKILLS] = {"Įgūdžiai", "Skills", "Навыки", "Umiejętności"},
	[PW_JOBS] = {"Darbai", "Jobs", "Профессии", "Zawody"},
	[PW_THEMES] = {"Temos", "Themes", "Темы", "Tematy"},
	[PW_QA] = {"Klausimai ir atsakymai", "Questions and answers", "Вопросы и ответы",
		   "Pytania i odpowiedzi"},
	[PW_ASKED] = {"Klausė lankytojas", "Asked by a visitor", "Спросил посетитель",
		      "Pytanie od odwiedzającego"},
	[PW_ANSWER_FROM] = {"Atsako", "Answer from", "Отвечает", "Odpowiada"},
	[PW_PARTNER] = {"Partnerių organizacija", "Partner organisation",
			"Организация-партнёр", "Organizacja partnerska"},
	[PW_OFFERS] = {"Siūlo", "Offers", "Предлагает", "Oferuje"},
	[PW_STRATEGY] = {"Regiono strategija", "The regional strategy", "Стратегия региона",
			 "Strategia regionu"},
	[PW_HOME] = {"Pradžia", "Home", "Главная", "Strona główna"},
	[PW_NOT_FOUND] = {"Puslapis nerastas", "Page not found", "Страница не найдена",
			  "Nie znaleziono strony"},
	[PW_NOT_FOUND_TEXT] = {"Tokio puslapio nėra. Gal istorija buvo pašalinta?",
			       "There is no such page. Perhaps the story was removed?",
			       "Такой страницы нет. Возможно, история была удалена?",
			       "Nie ma takiej strony. Może historia została usunięta?"},
	[PW_NONE_YET] = {"Kol kas istorijų nėra.", "No stories yet.", "Пока историй нет.",
			 "Na razie nie ma historii."},
	[PW_NEXT] = {"Kitas puslapis", "Next page", "Следующая страница", "Następna strona"},
	[PW_PREV] = {"Ankstesnis puslapis", "Previous page", "Предыдущая страница",
		     "Poprzednia strona"},
	[PW_FOOTER] = {"Šias istorijas taip pat rasite vitrinos terminaluose bibliotekose ir "
		       "jaunimo centruose. Ten galite palikti žinutę istorijos herojui.",
		       "You will also find these stories on the vitrina terminals in libraries "
		       "and youth centres, where you can leave a message for the person.",
		       "Эти истории есть и на терминалах vitrina в библиотеках и молодёжных "
		       "центрах: там можно оставить сообщение герою истории.",
		       "Te historie znajdziesz też na terminalach vitrina w bibliotekach i "
		       "centrach młodzieżowych, gdzie możesz zostawić wiadomość bohaterowi."},
	[PW_WHOLE_COUNTRY] = {"Visa Lietuva", "All of Lithuania", "Вся Литва", "Cała Litwa"},
	[PW_UNAVAILABLE] = {"Puslapiai ruošiami", "The pages are being prepared",
			    "Страницы готовятся", "Strony są przygotowywane"},
	[PW_UNAVAILABLE_TEXT] = {"Pabandykite po kelių sekundžių.",
				 "Please try again in a few seconds.",
				 "Попробуйте через несколько секунд.",
				 "Spróbuj ponownie za kilka sekund."},
};

static const char *const themes[6][PUBLIC_LANGS] = {
	{"Bendruomenė", "Community", "Сообщество", "Społeczność"},
	{"Vystomasis švietimas", "Development education", "Образование для развития",
	 "Edukacja rozwojowa"},
	{"Asmeninis augimas", "Personal growth", "Личностный рост", "Rozwój osobisty"},
	{"Aplinka", "Environment", "Окружающая среда", "Środowisko"},
	{"Sąžininga prekyba", "Fair trade", "Честная торговля", "Sprawiedliwy handel"},
	{"Inovacijos", "Innovation", "Инновации", "Innowacje"},
};

static const char *const offers[5][PUBLIC_LANGS] = {
	{"Savanorystė", "Volunteering", "Волонтёрство", "Wolontariat"},
	{"Praktika", "Internship", "Стажировка", "Staż"},
	{"Darbo šešėliavimas", "Job shadowing", "День с профессионалом",
	 "Dzień z profesjonalistą"},
	{"Mentorystė", "Mentoring", "Наставничество", "Mentoring"},
	{"Mokymasis tarnaujant", "Service learning", "Обучение через служение",
	 "Uczenie się przez zaangażowanie"},
};

const char *const public_langs[PUBLIC_LANGS] = {"lt", "en", "ru", "pl"};

int public_lang(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < PUBLIC_LANGS; i++) {
		if (strcmp(code, public_langs[i]) == 0)
			return i;
	}
	return -1;
}

const char *public_word(enum public_word w, int lang)
{
	return words[w][lang];
}

const char *public_theme(int theme, int lang)
{
	return theme >= 0 && theme < 6 ? themes[theme][lang] : "";
}

const char *public_offer(int offer, int lang)
{
	return offer >= 0 && offer < 5 ? offers[offer][lang] : "";
}
