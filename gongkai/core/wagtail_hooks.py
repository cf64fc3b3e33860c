from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_online_help(request, menu_items):
    # Wagtail's 帮助 menu links to guide.wagtail.org, which an offline county intranet cannot
    # reach; staff help lives in Gongkai's own pages.
    menu_items[:] = [item for item in menu_items if item.name != "help"]
