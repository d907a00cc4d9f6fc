# flush_all hides items for meta commands; ma N and ms MA behave as on a miss afterwards.
>>> ms fi 1\r\n1\r\nflush_all\r\nmg fi v\r\nma fi v\r\nms fi 1 MA\r\nx\r\nma fi N0 J3 v\r\n
<<< HD\r\n
<<< OK\r\n
<<< EN\r\n
<<< NF\r\n
<<< NS\r\n
<<< VA 1\r\n3\r\n
