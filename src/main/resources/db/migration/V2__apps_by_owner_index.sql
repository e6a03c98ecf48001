-- The app list pages by owner, newest first (where owner_id = ? and id < ? order by id desc
-- limit ?): with this index a page is a range read, not a sort of all the owner's apps.
create index apps_owner_id on apps (owner_id, id);
