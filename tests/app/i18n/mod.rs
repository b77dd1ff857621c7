//! Every page in English and Russian; the language comes from the account,
//! then the `lang` cookie, then Accept-Language.

mod pages;
mod switch;
mod terminology;
